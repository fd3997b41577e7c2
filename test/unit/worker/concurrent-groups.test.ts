import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import type { StoredEvent } from '../../../lambdas/shared/domain/event.js';
import { createWorkerHandler } from '../../../lambdas/worker/create-handler.js';
import { logLinesWith, outputPerTest } from '../../support/captured-output.js';
import { invokable } from '../../support/invoke.js';
import { harness, ScriptedReceiver, sqsRecord, workerConfig } from './fakes.js';

// The level is production's from the logger's creation, as on Lambda (see test/unit/ingest/logging.test.ts).
const previousLevel = vi.hoisted(() => {
  const level = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  return level;
});

const batchOf = (...events: StoredEvent[]): SQSEvent => ({
  Records: events.map((event) => sqsRecord(event)),
});

const BODY_MARKER = 'customer-private-note-4711';

/** A downstream that takes `ms` to answer each forward. */
const slowReceiver = (ms: number) =>
  new ScriptedReceiver(() => new Response(null, { status: 200 }), { answerAfterMs: ms });

describe('worker batch with several message groups', () => {
  const output = outputPerTest(previousLevel);

  it('runs the groups at once and each group in queue order', async () => {
    const receiver = slowReceiver(30);
    const { deps, stored } = harness(receiver);
    const a1 = await stored('evt-a1', { entityId: 'order-a' });
    const a2 = await stored('evt-a2', { entityId: 'order-a' });
    const b1 = await stored('evt-b1', { entityId: 'order-b' });
    const c1 = await stored('evt-c1', { entityId: 'order-c' });

    const response = await invokable(createWorkerHandler(deps))(batchOf(a1, a2, b1, c1));

    expect(response).toEqual({ batchItemFailures: [] });
    // Three groups wait on the downstream together; a2 waits for a1.
    expect(receiver.mostInFlight).toBe(3);
    const forwarded = await receiver.forwardedIds();
    expect(forwarded).toHaveLength(4);
    expect(forwarded.indexOf('shop-acme:evt-a2')).toBeGreaterThan(forwarded.indexOf('shop-acme:evt-a1'));
  });

  it('runs no more entities at once than worker.entitiesAtOnce', async () => {
    const receiver = slowReceiver(20);
    const { deps, stored } = harness(receiver, {
      config: workerConfig({}, { worker: { entitiesAtOnce: 2 } }),
    });
    const events = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((entity) => stored(`evt-${entity}`, { entityId: `order-${entity}` })),
    );

    const response = await invokable(createWorkerHandler(deps))(batchOf(...events));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(receiver.requests).toHaveLength(5);
    expect(receiver.mostInFlight).toBe(2);
  });

  it("logs each record's outcome under its own keys while the groups interleave, never the body", async () => {
    const { deps, stored } = harness(slowReceiver(10));
    const body = (entity: string) =>
      new TextEncoder().encode(JSON.stringify({ order: { id: entity }, note: BODY_MARKER }));
    const a = await stored('evt-a', { entityId: 'order-a', body: body('order-a') });
    const b = await stored('evt-b', { entityId: 'order-b', body: body('order-b') });

    await invokable(createWorkerHandler(deps))(batchOf(a, b));

    const outcomes = logLinesWith(output(), 'event succeeded').map(({ messageId, eventId, entityId }) => ({
      messageId,
      eventId,
      entityId,
    }));
    expect(outcomes).toHaveLength(2);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        { messageId: 'message-evt-a-1', eventId: 'shop-acme:evt-a', entityId: 'order-a' },
        { messageId: 'message-evt-b-1', eventId: 'shop-acme:evt-b', entityId: 'order-b' },
      ]),
    );
    expect(output().join('')).not.toContain(BODY_MARKER);
  });
});
