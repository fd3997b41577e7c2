import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../lambdas/shared/domain/event.js';
import { DependencyError } from '../../../lambdas/shared/errors.js';
import type { EventStore } from '../../../lambdas/shared/ports.js';
import { createWorkerHandler } from '../../../lambdas/worker/create-handler.js';
import { invocationContext } from '../../../local/invocation-context.js';
import { invokable } from '../../support/invoke.js';
import { harness, ScriptedReceiver, sqsRecord, storedEvent } from './fakes.js';

/** One SQS batch with the first delivery of each event. */
const batchOf = (...events: StoredEvent[]): SQSEvent => ({
  Records: events.map((event) => sqsRecord(event)),
});

describe('worker batch handler', () => {
  it('answers an empty batchItemFailures list when every record succeeds', async () => {
    const { deps, stored } = harness();
    const a = await stored('evt-a', { entityId: 'order-a' });
    const b = await stored('evt-b', { entityId: 'order-b' });

    const response = await invokable(createWorkerHandler(deps))(batchOf(a, b));

    expect(response).toEqual({ batchItemFailures: [] });
  });

  it('skips the rest of a failing group and still processes the other groups', async () => {
    const receiver = ScriptedReceiver.failingEntity('order-a', 503);
    const { deps, store, messages, stored } = harness(receiver, { random: () => 0.5 });
    const a1 = await stored('evt-a1', { entityId: 'order-a' });
    const a2 = await stored('evt-a2', { entityId: 'order-a' });
    const b1 = await stored('evt-b1', { entityId: 'order-b' });

    const response = await invokable(createWorkerHandler(deps))(batchOf(a1, a2, b1));

    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: 'message-evt-a1-1' }, { itemIdentifier: 'message-evt-a2-1' }],
    });
    // The groups run at the same time: a1 and b1 are forwarded in either order, a2 never.
    expect((await receiver.forwardedIds()).sort()).toEqual(['shop-acme:evt-a1', 'shop-acme:evt-b1']);
    expect((await store.get(a1))?.status).toBe('RETRYING');
    expect((await store.get(a2))?.status).toBe('QUEUED');
    expect((await store.get(b1))?.status).toBe('SUCCEEDED');
    // a1 waits its jittered delay (receive 1, base 2 s, random 0.5 → 1 s); a2 is released at once
    // and stays behind a1 in its group.
    expect(messages.visibility).toEqual([
      { receiptHandle: 'receipt-message-evt-a1-1', seconds: 1 },
      { receiptHandle: 'receipt-message-evt-a2-1', seconds: 0 },
    ]);
  });

  it('reports a dead-lettered record as handled so it is not retried', async () => {
    const receiver = ScriptedReceiver.failingEntity('order-a', 400);
    const { deps, store, messages, stored } = harness(receiver);
    const a = await stored('evt-a', { entityId: 'order-a' });
    const b = await stored('evt-b', { entityId: 'order-b' });

    const response = await invokable(createWorkerHandler(deps))(batchOf(a, b));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(messages.deadLetters.map((letter) => letter.groupId)).toEqual(['shop-acme#order-a']);
    expect((await store.get(b))?.status).toBe('SUCCEEDED');
  });

  it('returns the failures instead of throwing when the whole batch fails', async () => {
    const { deps, stored } = harness(ScriptedReceiver.answering(new Response(null, { status: 500 })));
    const a = await stored('evt-a');

    const response = await invokable(createWorkerHandler(deps))(batchOf(a));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-evt-a-1' }] });
  });

  it('reports a failure and backs off when the event store is down', async () => {
    const { deps, messages } = harness(undefined, { random: () => 0.999 });
    const down: EventStore = {
      ...deps.store,
      get: async () => {
        throw new DependencyError('DynamoDB GetItem failed');
      },
    };
    const a = storedEvent('evt-a');

    const response = await invokable(createWorkerHandler({ ...deps, store: down }))({
      Records: [sqsRecord(a, 2)],
    });

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-evt-a-2' }] });
    // Receive 2, base 2 s: ceiling 4 s, random 0.999 → 4 s.
    expect(messages.visibility).toEqual([{ receiptHandle: 'receipt-message-evt-a-2', seconds: 4 }]);
  });

  it('does not call the action again when a succeeded event is delivered again', async () => {
    const receiver = ScriptedReceiver.answering();
    const { deps, store, stored } = harness(receiver);
    const a = await stored('evt-a');
    const handler = invokable(createWorkerHandler(deps));
    await handler({ Records: [sqsRecord(a, 1)] });

    const again = await handler({ Records: [sqsRecord(a, 2)] });

    expect(again).toEqual({ batchItemFailures: [] });
    expect(receiver.requests).toHaveLength(1);
    expect(await store.get(a)).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
  });
});

describe('worker near its timeout', () => {
  /** A context whose remaining time is whatever the test sets. */
  const clock = { remainingMs: 0 };
  const context = {
    ...invocationContext({ functionName: 'worker' }),
    getRemainingTimeInMillis: () => clock.remainingMs,
  };

  it('starts no record it cannot finish, and hands them back untouched to come back at once', async () => {
    const receiver = ScriptedReceiver.answering();
    const { deps, store, messages, stored } = harness(receiver);
    const a = await stored('evt-a', { entityId: 'order-a' });
    const b = await stored('evt-b', { entityId: 'order-b' });
    // One forward may take 1 s (timeoutMs) plus the record's own writes: 1.5 s left is not enough.
    clock.remainingMs = 1_500;

    const response = await createWorkerHandler(deps)(batchOf(a, b), context);

    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: 'message-evt-a-1' }, { itemIdentifier: 'message-evt-b-1' }],
    });
    expect(receiver.requests).toEqual([]);
    expect(await store.get(a)).toMatchObject({ status: 'QUEUED', attempts: 0 });
    expect(await store.get(b)).toMatchObject({ status: 'QUEUED', attempts: 0 });
    expect(messages.visibility).toEqual([
      { receiptHandle: 'receipt-message-evt-b-1', seconds: 0 },
      { receiptHandle: 'receipt-message-evt-a-1', seconds: 0 },
    ]);
  });

  it('processes what fits of a group and hands back the rest once the time runs short', async () => {
    // The first forward uses up all but 1.5 s; the group's next record would not fit.
    const receiver = new ScriptedReceiver(() => {
      clock.remainingMs = 1_500;
      return new Response(null, { status: 200 });
    });
    const { deps, store, stored } = harness(receiver);
    const a = await stored('evt-a', { entityId: 'order-a' });
    const b = await stored('evt-b', { entityId: 'order-a' });
    clock.remainingMs = 30_000;

    const response = await createWorkerHandler(deps)(batchOf(a, b), context);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-evt-b-1' }] });
    expect((await store.get(a))?.status).toBe('SUCCEEDED');
    expect(await store.get(b)).toMatchObject({ status: 'QUEUED', attempts: 0 });
  });
});
