import { describe, expect, it } from 'vitest';
import { replay } from '../../../lambdas/replay/replay.js';
import { parseReplayRequest } from '../../../lambdas/replay/replay-request.js';
import type { EventStatus } from '../../../lambdas/shared/domain/event.js';
import { DependencyError } from '../../../lambdas/shared/errors.js';
import { bench, storedEvent } from './fakes.js';

const at = (minute: number) => `2026-03-01T11:${String(minute).padStart(2, '0')}:00.000Z`;

/** shop order-1: s1 s2 s3, shop order-2: s4, billing inv-1: b1 b2 — dead-lettered in that order. */
async function sixDeadLetters() {
  const b = bench();
  await b.deadLetter(
    storedEvent('shop', 's1', { entityId: 'order-1', receivedAt: at(1), eventType: 'order.created' }),
  );
  await b.deadLetter(
    storedEvent('shop', 's2', { entityId: 'order-1', receivedAt: at(2), eventType: 'order.paid' }),
  );
  await b.deadLetter(
    storedEvent('shop', 's3', { entityId: 'order-1', receivedAt: at(3), eventType: 'order.created' }),
  );
  await b.deadLetter(storedEvent('shop', 's4', { entityId: 'order-2', receivedAt: at(4) }));
  await b.deadLetter(storedEvent('billing', 'b1', { entityId: 'inv-1', receivedAt: at(5) }));
  await b.deadLetter(storedEvent('billing', 'b2', { entityId: 'inv-1', receivedAt: at(6) }));
  return b;
}

const ORIGINAL_CONTENTS = {
  'shop#order-1': ['shop:s1', 'shop:s2', 'shop:s3'],
  'shop#order-2': ['shop:s4'],
  'billing#inv-1': ['billing:b1', 'billing:b2'],
};

describe('replay from the dead-letter queue', () => {
  it('dry run counts every message of every group and leaves each group as it was', async () => {
    const b = await sixDeadLetters();

    const report = await replay(parseReplayRequest({}), b.deps);

    expect(report).toMatchObject({
      dryRun: true,
      examined: 6,
      matched: 6,
      requeued: 0,
      skipped: 0,
      failed: 0,
      remaining: 0,
      stoppedEarly: false,
      byGroup: { 'shop#order-1': 3, 'shop#order-2': 1, 'billing#inv-1': 2 },
    });
    expect(b.dlq.contents()).toEqual(ORIGINAL_CONTENTS);
    expect(b.queue.sent).toEqual([]);
    expect([...b.store.items.values()].map((event) => event.status)).toEqual(Array(6).fill('DEAD_LETTERED'));
  });

  it('dry run samples events with their status and last error, never a payload', async () => {
    const b = await sixDeadLetters();

    const report = await replay(parseReplayRequest({ filter: { sourceId: 'billing' } }), b.deps);

    expect(report.sample).toEqual([
      {
        eventId: 'billing:b1',
        sourceId: 'billing',
        eventType: 'order.updated',
        entityId: 'inv-1',
        receivedAt: at(5),
        status: 'DEAD_LETTERED',
        lastError: 'downstream answered 400',
      },
      {
        eventId: 'billing:b2',
        sourceId: 'billing',
        eventType: 'order.updated',
        entityId: 'inv-1',
        receivedAt: at(6),
        status: 'DEAD_LETTERED',
        lastError: 'downstream answered 400',
      },
    ]);
  });

  it('requeues one source in group order with fresh deduplication ids and leaves the other untouched', async () => {
    const b = await sixDeadLetters();

    const report = await replay(parseReplayRequest({ dryRun: false, filter: { sourceId: 'shop' } }), b.deps);

    expect(report).toMatchObject({ requeued: 4, matched: 4, failed: 0 });
    expect(report.byGroup).toEqual({ 'shop#order-1': 3, 'shop#order-2': 1 });
    expect(b.dlq.contents()).toEqual({ 'billing#inv-1': ['billing:b1', 'billing:b2'] });
    expect(b.queue.requeues).toEqual([
      ['shop:s1', 'shop#order-1', 'shop:s1#replay-1'],
      ['shop:s4', 'shop#order-2', 'shop:s4#replay-1'],
      ['shop:s2', 'shop#order-1', 'shop:s2#replay-1'],
      ['shop:s3', 'shop#order-1', 'shop:s3#replay-1'],
    ]);
    expect(await b.store.get({ sourceId: 'shop', idempotencyKey: 's2' })).toMatchObject({
      status: 'QUEUED',
      replayCount: 1,
    });
    expect((await b.store.get({ sourceId: 'billing', idempotencyKey: 'b1' }))?.status).toBe('DEAD_LETTERED');
  });

  it('requeues matching events from the middle of a group and keeps the rest of it in order', async () => {
    const b = await sixDeadLetters();

    const report = await replay(
      parseReplayRequest({ dryRun: false, filter: { sourceId: 'shop', eventType: 'order.c*' } }),
      b.deps,
    );

    // s1 s2 s3 s4 read one by one; billing's group is held at its first message.
    expect(report).toMatchObject({ examined: 5, matched: 2, requeued: 2 });
    expect(b.queue.eventIds).toEqual(['shop:s1', 'shop:s3']);
    expect(b.dlq.contents()).toEqual({
      'shop#order-1': ['shop:s2'],
      'shop#order-2': ['shop:s4'],
      'billing#inv-1': ['billing:b1', 'billing:b2'],
    });
  });

  it('keeps a message whose send failed, and the later events of its group behind it', async () => {
    const b = await sixDeadLetters();
    b.queue.failing.add('shop:s2');

    const report = await replay(parseReplayRequest({ dryRun: false, filter: { sourceId: 'shop' } }), b.deps);

    expect(report).toMatchObject({
      requeued: 2,
      failed: 1,
      byGroup: { 'shop#order-1': 1, 'shop#order-2': 1 },
    });
    expect(b.queue.eventIds).toEqual(['shop:s1', 'shop:s4']);
    expect(b.dlq.contents()).toEqual({
      'shop#order-1': ['shop:s2', 'shop:s3'],
      'billing#inv-1': ['billing:b1', 'billing:b2'],
    });
    expect(await b.store.get({ sourceId: 'shop', idempotencyKey: 's2' })).toMatchObject({
      status: 'DEAD_LETTERED',
      lastError: 'requeue failed: SQS is down',
    });
    expect(b.warnings).toEqual(['requeue failed; the message stays in the dead-letter queue']);
  });

  it('leaves events that already finished where they are and counts them as skipped', async () => {
    const b = bench();
    await b.deadLetter(
      storedEvent('shop', 'done', { entityId: 'order-9', receivedAt: at(1), status: 'SUCCEEDED' }),
    );
    await b.deadLetter(storedEvent('shop', 'open', { entityId: 'order-9', receivedAt: at(2) }));

    const report = await replay(parseReplayRequest({ dryRun: false }), b.deps);

    expect(report).toMatchObject({ matched: 2, skipped: 1, requeued: 1 });
    expect(b.queue.eventIds).toEqual(['shop:open']);
    expect(b.dlq.contents()).toEqual({ 'shop#order-9': ['shop:done'] });
  });

  it('stops at maxEvents, says so, and leaves the groups it did not reach untouched', async () => {
    const b = bench();
    for (let i = 1; i <= 5; i += 1) {
      await b.deadLetter(storedEvent('shop', `e${i}`, { entityId: `order-${i}`, receivedAt: at(i) }));
    }

    const report = await replay(parseReplayRequest({ dryRun: false, maxEvents: 2 }), b.deps);

    expect(report).toMatchObject({ requeued: 2, stoppedEarly: true });
    expect(b.queue.eventIds).toEqual(['shop:e1', 'shop:e2']);
    expect(b.dlq.contents()).toEqual({
      'shop#order-3': ['shop:e3'],
      'shop#order-4': ['shop:e4'],
      'shop#order-5': ['shop:e5'],
    });
  });

  it('stops requeueing before the time limit and reports what it left', async () => {
    const b = bench();
    for (let i = 1; i <= 8; i += 1) {
      await b.deadLetter(storedEvent('shop', `e${i}`, { entityId: `order-${i}`, receivedAt: at(i) }));
    }

    // 25 s left, stop margin 20 s: sends at 0, 1, 2, 3 and 4 s; the slot at 5 s is too late.
    const report = await replay(parseReplayRequest({ dryRun: false, ratePerSecond: 1 }), b.deps, 25_000);

    expect(report).toMatchObject({ requeued: 5, remaining: 1, stoppedEarly: true });
    expect(Object.values(b.dlq.contents()).flat()).toEqual(['shop:e6', 'shop:e7', 'shop:e8']);
  });

  it('holds a message in place when it cannot be copied back, so nothing is lost', async () => {
    const b = await sixDeadLetters();
    b.dlq.failAppend = () => true;

    const report = await replay(parseReplayRequest({}), b.deps);

    expect(report).toMatchObject({ examined: 3, matched: 3 });
    expect(b.dlq.contents()).toEqual(ORIGINAL_CONTENTS);
  });

  it('when the table fails mid-pass, finishes the groups it began, keeps every order and throws', async () => {
    const b = await sixDeadLetters();
    const getRecord = b.store.getRecord.bind(b.store);
    b.store.getRecord = async (key) => {
      if (key.idempotencyKey === 's4') throw new DependencyError('DynamoDB GetItem failed');
      return getRecord(key);
    };

    await expect(replay(parseReplayRequest({}), b.deps)).rejects.toThrow('DynamoDB GetItem failed');

    expect(b.dlq.contents()).toEqual(ORIGINAL_CONTENTS);
  });

  it('skips a message whose record is gone and one the gateway did not write, keeping both', async () => {
    const b = bench();
    b.dlq.add('not json', 'unreadable');
    b.dlq.add(
      JSON.stringify({ eventId: 'shop:gone', sourceId: 'shop', idempotencyKey: 'gone' }),
      'shop#order-1',
    );

    const report = await replay(parseReplayRequest({ dryRun: false }), b.deps);

    expect(report).toMatchObject({ examined: 2, matched: 0, requeued: 0 });
    expect(b.dlq.contents()).toEqual({ unreadable: ['not json'], 'shop#order-1': ['shop:gone'] });
  });
});

describe('records SQS moved to the dead-letter queue on its own', () => {
  /** The worker died (or ran out of time) on the last receive: the redrive policy moved the message. */
  async function redriven(status: EventStatus, replayCountInRecord = 0) {
    const b = bench();
    const event = storedEvent('shop', 'lost', { entityId: 'order-1', receivedAt: at(1), status });
    await b.deadLetter(event);
    if (replayCountInRecord > 0) {
      await b.store.transition(event, [status], 'QUEUED', { incrementReplayCount: true });
    }
    return { b, event };
  }

  it.each(['PROCESSING', 'RETRYING', 'QUEUED'] as const)(
    'marks a %s record DEAD_LETTERED on a dry run, so a replay from the store finds it',
    async (status) => {
      const { b, event } = await redriven(status);

      await replay(parseReplayRequest({}), b.deps);
      const fromStore = await replay(
        parseReplayRequest({ from: 'store', filter: { sourceId: 'shop', status: 'DEAD_LETTERED' } }),
        b.deps,
      );

      expect(await b.store.get(event)).toMatchObject({
        status: 'DEAD_LETTERED',
        lastError: 'moved to the dead-letter queue by SQS (the last attempt did not finish)',
      });
      expect(fromStore).toMatchObject({ matched: 1 });
    },
  );

  it('leaves a record alone whose replay already put a newer copy on the main queue', async () => {
    const { b, event } = await redriven('DEAD_LETTERED', 1);

    await replay(parseReplayRequest({}), b.deps);

    expect(await b.store.get(event)).toMatchObject({ status: 'QUEUED', replayCount: 1 });
  });
});
