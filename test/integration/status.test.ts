import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoEventStore } from '../../lambdas/shared/adapters/dynamo-event-store.js';
import type { GatewayConfig } from '../../lambdas/shared/config/load.js';
import type { StoredEvent } from '../../lambdas/shared/domain/event.js';
import { eventIdOf } from '../../lambdas/shared/domain/ids.js';
import { createStatusHandler } from '../../lambdas/status/create-handler.js';
import { buildStatusDeps } from '../../lambdas/status/deps.js';
import { LocalFileSecretSource } from '../../local/local-file-secret-source.js';
import { type Backends, startBackends } from '../support/backends.js';
import { testConfig } from '../support/config.js';
import { type Invokable, invokable } from '../support/invoke.js';
import { seedEvent } from '../support/seed-event.js';
import { bearer, statusRequest } from '../support/status-request.js';

const ACME_TOKEN = 'acme-status-6f1d0c2b9e8a7f6e5d4c3b2a';
const GLOBEX_TOKEN = 'globex-status-0a1b2c3d4e5f60718293a4b5';

let backends: Backends;
let config: GatewayConfig;
let handler: Invokable<APIGatewayProxyEvent, APIGatewayProxyResult>;

function storedEvent(sourceId: string, idempotencyKey: string, tenant: string): StoredEvent {
  const key = { sourceId, idempotencyKey };
  return {
    ...key,
    eventId: eventIdOf(key),
    tenant,
    eventType: 'invoice.paid',
    entityId: 'in_42',
    receivedAt: '2026-03-01T11:00:00.000Z',
    payloadHash: 'a'.repeat(64),
    contentType: 'application/json',
    status: 'RETRYING',
    attempts: 2,
    lastError: 'downstream answered 503',
    replayCount: 0,
    signingKey: 'current',
    updatedAt: '2026-03-01T11:00:04.000Z',
    expiresAt: Math.floor(Date.now() / 1000) + 86_400,
    body: new TextEncoder().encode('{"id":"evt_1","secret_note":"card 4242"}'),
  };
}

/** When the seeded event last changed: the status API must report the stored time. */
let acmeUpdatedAt: string;

beforeAll(async () => {
  backends = await startBackends();
  config = testConfig([
    { id: 'stripe-acme', tenant: 'acme', scheme: 'stripe' },
    { id: 'github-globex', tenant: 'globex', scheme: 'github' },
  ]);
  const resources = await backends.createResources(config);
  const secretsFile = join(mkdtempSync(join(tmpdir(), 'wg-status-')), 'secrets.json');
  writeFileSync(
    secretsFile,
    JSON.stringify({
      'webhook-gateway/acme/status': { token: ACME_TOKEN },
      'webhook-gateway/globex/status': { token: GLOBEX_TOKEN },
    }),
  );
  const store = new DynamoEventStore(backends.clients.dynamodb, resources.tableName);
  const now = Math.floor(Date.now() / 1000);
  acmeUpdatedAt = (await seedEvent(store, storedEvent('stripe-acme', 'evt_1', 'acme'), now)).updatedAt;
  await seedEvent(store, storedEvent('github-globex', 'delivery-1', 'globex'), now);
  handler = invokable(
    createStatusHandler(
      buildStatusDeps({
        config,
        dynamodb: backends.clients.dynamodb,
        sqs: backends.clients.sqs,
        secrets: new LocalFileSecretSource(secretsFile),
        tableName: resources.tableName,
        queueUrl: resources.queueUrl,
        deadLetterQueueUrl: resources.deadLetterQueueUrl,
        clock: Date.now,
      }),
    ),
  );
});

afterAll(async () => {
  await backends?.stop();
});

const get = (sourceId: string, idempotencyKey: string, token?: string) =>
  handler(statusRequest(sourceId, idempotencyKey, token === undefined ? {} : bearer(token)));

describe('status API against DynamoDB Local and the local secrets file', () => {
  it("returns exactly the safe fields of the tenant's own event", async () => {
    const response = await get('stripe-acme', 'evt_1', ACME_TOKEN);

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      eventId: 'stripe-acme:evt_1',
      status: 'RETRYING',
      attempts: 2,
      eventType: 'invoice.paid',
      entityId: 'in_42',
      receivedAt: '2026-03-01T11:00:00.000Z',
      updatedAt: acmeUpdatedAt,
      lastError: 'downstream answered 503',
    });
  });

  it('answers 401 to a wrong token', async () => {
    const response = await get('stripe-acme', 'evt_1', 'acme-status-guess');

    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body)).toEqual({ status: 'error', error: 'unauthorized' });
  });

  it("answers 404 to a valid token asking for another tenant's event", async () => {
    const response = await get('github-globex', 'delivery-1', ACME_TOKEN);

    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body)).toEqual({ status: 'error', error: 'not found' });
  });

  it('answers the same 404 to a valid token asking for an event that does not exist', async () => {
    const response = await get('github-globex', 'delivery-2', GLOBEX_TOKEN);

    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body)).toEqual({ status: 'error', error: 'not found' });
  });
});
