import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../lambdas/shared/domain/event.js';
import { SecretCache } from '../../../lambdas/shared/domain/secret-cache.js';
import { DependencyError } from '../../../lambdas/shared/errors.js';
import type { SecretSource, SecretVersions } from '../../../lambdas/shared/ports.js';
import { createStatusHandler } from '../../../lambdas/status/create-handler.js';
import { TenantTokens } from '../../../lambdas/status/tenant-tokens.js';
import { testConfig } from '../../support/config.js';
import { invokable } from '../../support/invoke.js';
import { MemoryEventStore } from '../../support/memory/memory-event-store.js';
import { bearer, statusRequest } from '../../support/status-request.js';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const ACME_TOKEN = 'acme-status-token-0123456789abcdef';
const GLOBEX_TOKEN = 'globex-status-token-0123456789abcdef';

class SecretsFile implements SecretSource {
  readonly reads: string[] = [];
  constructor(readonly values: Record<string, Record<string, unknown>>) {}
  async read(name: string): Promise<SecretVersions> {
    this.reads.push(name);
    const current = this.values[name];
    if (current === undefined) throw new DependencyError(`secret ${name} not found`);
    return { current };
  }
}

function event(sourceId: string, idempotencyKey: string, tenant: string): StoredEvent {
  return {
    sourceId,
    idempotencyKey,
    eventId: `${sourceId}:${idempotencyKey}`,
    tenant,
    eventType: 'invoice.paid',
    entityId: 'inv-7',
    receivedAt: '2026-03-01T11:00:00.000Z',
    payloadHash: 'f'.repeat(64),
    contentType: 'application/json',
    status: 'DEAD_LETTERED',
    attempts: 5,
    lastError: 'downstream answered 500',
    replayCount: 2,
    signingKey: 'previous',
    updatedAt: '2026-03-01T11:05:00.000Z',
    expiresAt: Math.floor(NOW / 1000) + 86_400,
    body: new TextEncoder().encode('{"card":"4242"}'),
  };
}

async function setup() {
  const config = testConfig([
    { id: 'stripe-acme', tenant: 'acme', scheme: 'stripe' },
    { id: 'github-globex', tenant: 'globex', scheme: 'github' },
  ]);
  const secrets = new SecretsFile({
    'webhook-gateway/acme/status': { token: ACME_TOKEN },
    'webhook-gateway/globex/status': { token: GLOBEX_TOKEN },
  });
  const time = { now: NOW };
  const store = new MemoryEventStore(() => NOW);
  await store.putIfAbsent(event('stripe-acme', 'evt_1', 'acme'), Math.floor(NOW / 1000));
  await store.putIfAbsent(event('github-globex', 'delivery-1', 'globex'), Math.floor(NOW / 1000));
  const handler = invokable(
    createStatusHandler({
      config,
      store,
      tokens: new TenantTokens(new SecretCache(secrets, () => time.now), ['acme', 'globex']),
    }),
  );
  const get = (sourceId: string, idempotencyKey: string, headers?: Record<string, string>) =>
    handler(statusRequest(sourceId, idempotencyKey, headers));
  return { get, secrets, time };
}

describe('status API', () => {
  it('shows the tenant its own event with the safe fields only', async () => {
    const { get } = await setup();

    const response = await get('stripe-acme', 'evt_1', bearer(ACME_TOKEN));

    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'application/json',
      'cache-control': 'no-store',
    });
    expect(JSON.parse(response.body)).toEqual({
      eventId: 'stripe-acme:evt_1',
      status: 'DEAD_LETTERED',
      attempts: 5,
      eventType: 'invoice.paid',
      entityId: 'inv-7',
      receivedAt: '2026-03-01T11:00:00.000Z',
      updatedAt: '2026-03-01T11:05:00.000Z',
      lastError: 'downstream answered 500',
    });
  });

  it('reads the header whatever its case and the scheme whatever its case', async () => {
    const { get } = await setup();

    const response = await get('stripe-acme', 'evt_1', { authorization: `bearer ${ACME_TOKEN}` });

    expect(response.statusCode).toBe(200);
  });

  it('answers 401 with a Bearer challenge without a token', async () => {
    const { get } = await setup();

    const response = await get('stripe-acme', 'evt_1');

    expect(response.statusCode).toBe(401);
    expect(response.headers).toMatchObject({ 'www-authenticate': 'Bearer', 'cache-control': 'no-store' });
    expect(JSON.parse(response.body)).toEqual({ status: 'error', error: 'unauthorized' });
  });

  it.each([
    { what: 'a wrong token', sourceId: 'stripe-acme', headers: bearer(`${ACME_TOKEN}x`) },
    {
      what: 'a token sent with another scheme',
      sourceId: 'stripe-acme',
      headers: { Authorization: `Basic ${ACME_TOKEN}` },
    },
    {
      what: 'an unknown source without a valid token, not 404',
      sourceId: 'no-such-source',
      headers: bearer('guess'),
    },
  ])('answers 401 to $what', async ({ sourceId, headers }) => {
    const { get } = await setup();

    const response = await get(sourceId, 'evt_1', headers);

    expect(response.statusCode).toBe(401);
  });

  it("answers 404 when a tenant's token asks for another tenant's event", async () => {
    const { get } = await setup();

    const response = await get('github-globex', 'delivery-1', bearer(ACME_TOKEN));

    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body)).toEqual({ status: 'error', error: 'not found' });
  });

  it('answers 404 to a valid token for an unknown event and for an unknown source', async () => {
    const { get } = await setup();

    const unknownEvent = await get('stripe-acme', 'evt_404', bearer(ACME_TOKEN));
    const unknownSource = await get('no-such-source', 'evt_1', bearer(ACME_TOKEN));

    expect([unknownEvent.statusCode, unknownSource.statusCode]).toEqual([404, 404]);
  });

  it('accepts a rotated token within the cache lifetime by re-reading the secret on a miss', async () => {
    const { get, secrets, time } = await setup();
    await get('stripe-acme', 'evt_1', bearer(ACME_TOKEN));
    secrets.values['webhook-gateway/acme/status'] = { token: 'rotated-acme-token-0123456789' };
    // Past the 30 s refresh interval, well inside the 5 min cache lifetime.
    time.now += 31_000;

    const response = await get('stripe-acme', 'evt_1', bearer('rotated-acme-token-0123456789'));

    expect(response.statusCode).toBe(200);
  });

  it('re-reads secrets at most every 30 seconds however many wrong tokens arrive', async () => {
    const { get, secrets } = await setup();

    for (let i = 0; i < 5; i += 1) await get('stripe-acme', 'evt_1', bearer(`wrong-${i}`));

    expect(secrets.reads).toEqual(['webhook-gateway/acme/status', 'webhook-gateway/globex/status']);
  });

  it('answers 503 when the tenant secret cannot be read', async () => {
    const { get, secrets } = await setup();
    delete secrets.values['webhook-gateway/acme/status'];

    const response = await get('stripe-acme', 'evt_1', bearer(ACME_TOKEN));

    expect(response.statusCode).toBe(503);
  });
});
