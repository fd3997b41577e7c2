import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../../lambdas/shared/config/load.js';
import type { StoredEvent } from '../../lambdas/shared/domain/event.js';
import { deduplicationIdOf, groupIdOf } from '../../lambdas/shared/domain/ids.js';
import { decodeQueueMessage } from '../../lambdas/shared/domain/queue-message.js';
import type { Delivery } from '../../local/event-source-mapping.js';
import { invocationContext } from '../../local/invocation-context.js';
import { type Backends, queueDepth, startBackends } from '../support/backends.js';
import { testConfig } from '../support/config.js';
import { replayStack } from '../support/replay-stack.js';
import { storedEvent } from '../support/stored-event.js';

const SOURCE = 'shop';
const MINUTE = 60_000;

let backends: Backends;
let config: GatewayConfig;

beforeAll(async () => {
  backends = await startBackends();
  config = testConfig([{ id: SOURCE, tenant: 'acme', scheme: 'hmac-sha256', entityId: 'body:order' }]);
});

afterAll(async () => {
  await backends?.stop();
});

async function harness() {
  const stack = await replayStack(backends, config);
  return {
    ...stack,
    /** A record the ingest stored `ageMs` ago and never marked QUEUED. */
    async received(idempotencyKey: string, ageMs: number): Promise<StoredEvent> {
      const event = storedEvent({
        sourceId: SOURCE,
        idempotencyKey,
        entityId: `order-${idempotencyKey}`,
        receivedAt: new Date(Date.now() - ageMs).toISOString(),
        body: new TextEncoder().encode(JSON.stringify({ order: `order-${idempotencyKey}` })),
      });
      await stack.store.putIfAbsent(event, Math.floor(Date.now() / 1000));
      return event;
    },
  };
}

const handledIds = (deliveries: readonly Delivery[]) =>
  deliveries.flatMap((delivery) =>
    delivery.event.Records.map((record) => decodeQueueMessage(record.body).eventId),
  );

describe('sweeper against DynamoDB and SQS emulators', () => {
  it('requeues a record stranded in RECEIVED for six minutes, which is then processed once', async () => {
    const h = await harness();
    const stranded = await h.received('stranded', 6 * MINUTE);
    const fresh = await h.received('fresh', 1 * MINUTE);

    const report = await h.sweep({}, invocationContext({ timeoutMs: 120_000 }));

    expect(report).toMatchObject({ dryRun: false, examined: 1, matched: 1, requeued: 1, failed: 0 });
    expect(report.byGroup).toEqual({ 'shop#order-stranded': 1 });
    const deliveries = await h.worker.runUntil(
      async () => (await h.store.get(stranded))?.status === 'SUCCEEDED',
    );
    expect(handledIds(deliveries)).toEqual(['shop:stranded']);
    expect(await h.store.get(stranded)).toMatchObject({ status: 'SUCCEEDED', attempts: 1, replayCount: 1 });
    expect(await h.store.get(fresh)).toMatchObject({ status: 'RECEIVED', attempts: 0, replayCount: 0 });
    expect(await queueDepth(backends.clients, h.resources.queueUrl)).toBe(0);
  });

  it('finds nothing to do on the next run once the stranded record was processed', async () => {
    const h = await harness();
    const stranded = await h.received('stranded', 6 * MINUTE);
    await h.sweep({});
    await h.worker.runUntil(async () => (await h.store.get(stranded))?.status === 'SUCCEEDED');

    const second = await h.sweep({});

    expect(second).toMatchObject({ examined: 0, requeued: 0 });
    expect(await queueDepth(backends.clients, h.resources.queueUrl)).toBe(0);
  });

  it('processes once a record whose first message was still queued when the sweeper requeued it', async () => {
    const h = await harness();
    const stranded = await h.received('slow', 6 * MINUTE);
    // The ingest's message is in the queue; only its RECEIVED → QUEUED update was lost.
    await h.queue.send({
      eventId: stranded.eventId,
      sourceId: SOURCE,
      idempotencyKey: stranded.idempotencyKey,
      replayCount: 0,
      groupId: groupIdOf(SOURCE, stranded.entityId),
      deduplicationId: deduplicationIdOf(stranded),
    });

    const report = await h.sweep({});
    const deliveries = await h.worker.runUntil(
      async () => (await queueDepth(backends.clients, h.resources.queueUrl)) === 0,
    );

    expect(report.requeued).toBe(1);
    expect(handledIds(deliveries)).toEqual(['shop:slow', 'shop:slow']);
    expect(await h.store.get(stranded)).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
  });
});
