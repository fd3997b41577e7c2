import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../lambdas/shared/domain/event.js';
import { SecretCache } from '../../../lambdas/shared/domain/secret-cache.js';
import { createStatusHandler } from '../../../lambdas/status/create-handler.js';
import { TenantTokens } from '../../../lambdas/status/tenant-tokens.js';
import { testConfig } from '../../support/config.js';
import { CountingSecrets } from '../../support/counting-secrets.js';
import { httpApiStatusEvent } from '../../support/http-api-request.js';
import { invokable } from '../../support/invoke.js';
import { MemoryEventStore } from '../../support/memory/memory-event-store.js';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const TOKEN = 'acme-status-token-0123456789abcdef';

const stored: StoredEvent = {
  sourceId: 'gh',
  idempotencyKey: 'repo/push-1',
  eventId: 'gh:repo/push-1',
  tenant: 'acme',
  eventType: 'push',
  entityId: 'repo',
  receivedAt: '2026-03-01T11:00:00.000Z',
  payloadHash: 'f'.repeat(64),
  contentType: 'application/json',
  status: 'SUCCEEDED',
  attempts: 1,
  replayCount: 0,
  signingKey: 'current',
  updatedAt: '2026-03-01T11:00:01.000Z',
  expiresAt: Math.floor(NOW / 1000) + 86_400,
  body: new TextEncoder().encode('{"ref":"refs/heads/main"}'),
};

async function setup() {
  const config = testConfig([{ id: 'gh', tenant: 'acme', scheme: 'github' }]);
  const store = new MemoryEventStore(() => NOW);
  await store.putIfAbsent(stored, Math.floor(NOW / 1000));
  const tokens = new TenantTokens(
    new SecretCache(new CountingSecrets({ current: { token: TOKEN } }), () => NOW),
    ['acme'],
  );
  return invokable(createStatusHandler({ config, store, tokens }));
}

describe('status API behind an HTTP API (payload format 2.0)', () => {
  it("shows the event to its tenant's token, read from the lower-cased header, the key URL-decoded", async () => {
    const handler = await setup();

    const response = await handler(
      httpApiStatusEvent('gh', 'repo/push-1', { Authorization: `Bearer ${TOKEN}` }),
    );

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ eventId: 'gh:repo/push-1', status: 'SUCCEEDED' });
    expect(response.body).not.toContain('refs/heads');
  });

  it('answers 401 without a token and 404 for an event that does not exist', async () => {
    const handler = await setup();

    const anonymous = await handler(httpApiStatusEvent('gh', 'repo/push-1'));
    const missing = await handler(httpApiStatusEvent('gh', 'nope', { authorization: `Bearer ${TOKEN}` }));

    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers).toMatchObject({ 'www-authenticate': 'Bearer' });
    expect(missing.statusCode).toBe(404);
  });
});
