import { sign } from '@octokit/webhooks-methods';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestHandler } from '../../lambdas/ingest/create-handler.js';
import { buildIngestDeps } from '../../lambdas/ingest/deps.js';
import { DynamoEventStore } from '../../lambdas/shared/adapters/dynamo-event-store.js';
import { SqsEventQueue } from '../../lambdas/shared/adapters/sqs-event-queue.js';
import type { GatewayConfig } from '../../lambdas/shared/config/load.js';
import { groupIdOf } from '../../lambdas/shared/domain/ids.js';
import { createWorkerHandler } from '../../lambdas/worker/create-handler.js';
import { buildWorkerDeps } from '../../lambdas/worker/deps.js';
import { LocalEventSourceMapping } from '../../local/event-source-mapping.js';
import { type Backends, startBackends } from '../support/backends.js';
import { testConfig } from '../support/config.js';
import { invokable } from '../support/invoke.js';
import { storedEvent } from '../support/stored-event.js';
import { webhookEvent } from '../support/webhook-request.js';

const SECRET = 'shared-test-secret';
const SLOW = 'slow-source';
const FAST = 'fast-source';

let backends: Backends;
let config: GatewayConfig;

beforeAll(async () => {
  backends = await startBackends();
  config = testConfig(
    [
      { id: SLOW, scheme: 'github' },
      { id: FAST, scheme: 'github' },
    ],
    { api: { maxQueueAgeSeconds: 60 } },
  );
});

afterAll(async () => {
  await backends?.stop();
});

async function delivery(sourceId: string, deliveryId: string) {
  const body = JSON.stringify({ zen: 'Keep it logically awesome.' });
  return webhookEvent(
    sourceId,
    {
      'Content-Type': 'application/json',
      'X-GitHub-Delivery': deliveryId,
      'X-Hub-Signature-256': await sign(SECRET, body),
    },
    body,
  );
}

describe('per-source load shedding', () => {
  it('throttles the source the worker is behind on and accepts another source meanwhile', async () => {
    const context = await backends.createContext(config, {
      read: async () => ({ current: { signingSecret: SECRET } }),
    });
    const ingest = invokable(createIngestHandler(buildIngestDeps(context)));
    const worker = await LocalEventSourceMapping.create(
      context.sqs,
      context.queueUrl,
      createWorkerHandler(buildWorkerDeps(context)),
    );
    // An event of the slow source that has waited ten minutes (a backlog, or a failing downstream).
    const late = storedEvent({
      sourceId: SLOW,
      idempotencyKey: 'waited',
      receivedAt: new Date(Date.now() - 600_000).toISOString(),
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
    });
    const store = new DynamoEventStore(context.dynamodb, context.tableName);
    await store.putIfAbsent(late, Math.floor(Date.now() / 1000));
    await new SqsEventQueue(context.sqs, context.queueUrl).send({
      ...late,
      groupId: groupIdOf(SLOW, late.entityId),
      deduplicationId: 'waited-0',
    });
    await worker.runUntil(async () => (await store.get(late))?.status === 'SUCCEEDED');

    const slow = await ingest(await delivery(SLOW, 'slow-1'));
    const fast = await ingest(await delivery(FAST, 'fast-1'));

    expect(slow.statusCode).toBe(429);
    expect(Number(slow.headers?.['retry-after'])).toBeGreaterThan(0);
    expect(fast.statusCode).toBe(202);
    expect(await store.get({ sourceId: SLOW, idempotencyKey: 'slow-1' })).toBeUndefined();
    expect(await store.get({ sourceId: FAST, idempotencyKey: 'fast-1' })).toMatchObject({
      status: 'RECEIVED',
    });
  });
});
