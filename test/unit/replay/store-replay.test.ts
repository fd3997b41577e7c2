import { describe, expect, it } from 'vitest';
import { createSweeperHandler } from '../../../lambdas/replay/create-handler.js';
import { replay } from '../../../lambdas/replay/replay.js';
import { parseReplayRequest } from '../../../lambdas/replay/replay-request.js';
import { invocationContext } from '../../../local/invocation-context.js';
import { testConfig } from '../../support/config.js';
import { invokable } from '../../support/invoke.js';
import { type Bench, bench, storedEvent, T0 } from './fakes.js';

const minutesBeforeT0 = (minutes: number) => new Date(T0 - minutes * 60_000).toISOString();

describe('replay from the event store', () => {
  it('paces 20 requeues at 5 per second over 3.8 seconds of the injected clock', async () => {
    const b = bench();
    for (let i = 0; i < 20; i += 1) {
      await b.put(
        storedEvent('shop', `e${i}`, { entityId: `order-${i}`, receivedAt: minutesBeforeT0(30 - i) }),
      );
    }

    const report = await replay(
      parseReplayRequest({ from: 'store', dryRun: false, ratePerSecond: 5 }),
      b.deps,
    );

    expect(report.requeued).toBe(20);
    expect(b.time.sleeps).toEqual(Array(19).fill(200));
    expect(b.time.now - T0).toBe(3800);
  });

  it('reads dead-lettered records of every configured source and requeues them oldest first', async () => {
    const b = bench();
    await b.put(storedEvent('billing', 'b1', { entityId: 'inv-1', receivedAt: minutesBeforeT0(20) }));
    await b.put(storedEvent('shop', 's1', { entityId: 'order-1', receivedAt: minutesBeforeT0(30) }));
    await b.put(storedEvent('shop', 's2', { entityId: 'order-1', receivedAt: minutesBeforeT0(10) }));
    await b.put(
      storedEvent('shop', 'ok', {
        entityId: 'order-1',
        receivedAt: minutesBeforeT0(40),
        status: 'SUCCEEDED',
      }),
    );

    const report = await replay(parseReplayRequest({ from: 'store', dryRun: false }), b.deps);

    expect(report).toMatchObject({ examined: 3, matched: 3, requeued: 3 });
    expect(report.byGroup).toEqual({ 'shop#order-1': 2, 'billing#inv-1': 1 });
    expect(b.queue.requeues).toEqual([
      ['shop:s1', 'shop#order-1', 'shop:s1#replay-1'],
      ['billing:b1', 'billing#inv-1', 'billing:b1#replay-1'],
      ['shop:s2', 'shop#order-1', 'shop:s2#replay-1'],
    ]);
  });

  it('dry run of the store changes no record and sends nothing', async () => {
    const b = bench();
    await b.put(storedEvent('shop', 's1', { entityId: 'order-1', receivedAt: minutesBeforeT0(30) }));

    const report = await replay(parseReplayRequest({ from: 'store', filter: { sourceId: 'shop' } }), b.deps);

    expect(report).toMatchObject({ dryRun: true, matched: 1, requeued: 0, byGroup: { 'shop#order-1': 1 } });
    expect(b.queue.sent).toEqual([]);
    expect(await b.store.get({ sourceId: 'shop', idempotencyKey: 's1' })).toMatchObject({
      status: 'DEAD_LETTERED',
      replayCount: 0,
    });
  });

  it('requeues listed event ids, skipping finished ones and counting unknown ones as examined', async () => {
    const b = bench();
    await b.put(
      storedEvent('shop', 's1', { entityId: 'order-1', receivedAt: minutesBeforeT0(30), status: 'RETRYING' }),
    );
    await b.put(
      storedEvent('shop', 's2', {
        entityId: 'order-2',
        receivedAt: minutesBeforeT0(20),
        status: 'SUCCEEDED',
      }),
    );

    const report = await replay(
      parseReplayRequest({ from: 'store', dryRun: false, eventIds: ['shop:s1', 'shop:s2', 'shop:nope'] }),
      b.deps,
    );

    expect(report).toMatchObject({ examined: 3, matched: 2, requeued: 1, skipped: 1 });
    expect(b.queue.eventIds).toEqual(['shop:s1']);
  });

  it('after a failed send keeps the later events of that entity back and the record findable', async () => {
    const b = bench();
    await b.put(storedEvent('shop', 's1', { entityId: 'order-1', receivedAt: minutesBeforeT0(30) }));
    await b.put(storedEvent('shop', 's2', { entityId: 'order-1', receivedAt: minutesBeforeT0(20) }));
    await b.put(storedEvent('shop', 's3', { entityId: 'order-2', receivedAt: minutesBeforeT0(10) }));
    b.queue.failing.add('shop:s1');

    const report = await replay(parseReplayRequest({ from: 'store', dryRun: false }), b.deps);

    expect(report).toMatchObject({ matched: 3, requeued: 1, failed: 1, skipped: 1 });
    expect(b.queue.eventIds).toEqual(['shop:s3']);
    expect(
      (
        await b.store.listNeedingAttention({ status: 'DEAD_LETTERED', sourceId: 'shop', limit: 10 })
      ).records.map((record) => [record.eventId, record.lastError]),
    ).toEqual([
      ['shop:s1', 'requeue failed: SQS is down'],
      ['shop:s2', 'downstream answered 400'],
    ]);
  });

  it('stops at maxEvents and reports the rest as remaining', async () => {
    const b = bench();
    for (let i = 0; i < 4; i += 1) {
      await b.put(
        storedEvent('shop', `e${i}`, { entityId: `order-${i}`, receivedAt: minutesBeforeT0(30 - i) }),
      );
    }

    const report = await replay(parseReplayRequest({ from: 'store', dryRun: false, maxEvents: 3 }), b.deps);

    expect(report).toMatchObject({ requeued: 3, remaining: 1, stoppedEarly: true });
  });
});

describe('sweeper', () => {
  /** A record the ingest stored `minutes` before T0 and never marked QUEUED. */
  const received = (idempotencyKey: string, entityId: string, minutes: number) =>
    storedEvent('shop', idempotencyKey, {
      entityId,
      receivedAt: minutesBeforeT0(minutes),
      status: 'RECEIVED',
    });
  /** One scheduled run with the sweeper's two minutes to go. */
  const sweep = (b: Bench) =>
    invokable(createSweeperHandler(b.deps))({}, invocationContext({ timeoutMs: 120_000 }));

  it('requeues RECEIVED records older than five minutes and leaves fresh ones alone', async () => {
    const b = bench();
    await b.put(received('stranded', 'order-1', 6));
    await b.put(received('fresh', 'order-2', 4));
    await b.put(storedEvent('shop', 'dead', { entityId: 'order-3', receivedAt: minutesBeforeT0(60) }));

    const report = await sweep(b);

    expect(report).toMatchObject({ dryRun: false, requeued: 1, byGroup: { 'shop#order-1': 1 } });
    expect(b.queue.sent.map((m) => [m.eventId, m.deduplicationId])).toEqual([
      ['shop:stranded', 'shop:stranded#replay-1'],
    ]);
    expect((await b.store.get({ sourceId: 'shop', idempotencyKey: 'fresh' }))?.status).toBe('RECEIVED');
    expect((await b.store.get({ sourceId: 'shop', idempotencyKey: 'dead' }))?.status).toBe('DEAD_LETTERED');
  });

  it('leaves the stored events of a paused source alone', async () => {
    const b = bench(
      testConfig([
        { id: 'shop', tenant: 'acme', scheme: 'hmac-sha256', paused: true },
        { id: 'billing', tenant: 'acme', scheme: 'stripe' },
      ]),
    );
    await b.put(received('held', 'order-1', 30));

    const report = await sweep(b);

    expect(report).toMatchObject({ requeued: 0 });
    expect(b.queue.sent).toEqual([]);
    expect((await b.store.get({ sourceId: 'shop', idempotencyKey: 'held' }))?.status).toBe('RECEIVED');
  });

  it('puts a record back to RECEIVED when its send fails, so the next sweep retries it', async () => {
    const b = bench();
    await b.put(received('stranded', 'order-1', 6));
    b.queue.failing.add('shop:stranded');

    const report = await sweep(b);

    expect(report).toMatchObject({ requeued: 0, failed: 1 });
    expect(await b.store.get({ sourceId: 'shop', idempotencyKey: 'stranded' })).toMatchObject({
      status: 'RECEIVED',
      replayCount: 1,
    });
  });

  it('reads each arrival once: the next run starts where the last one stopped', async () => {
    const b = bench();
    await b.put(received('first', 'order-1', 20));
    await sweep(b);
    await b.put(received('late-write', 'order-2', 25));
    await b.put(received('second', 'order-3', 10));

    const report = await sweep(b);

    // 'late-write' arrived before the cursor: a put that slow is what the five-minute margin is for.
    expect(report).toMatchObject({ examined: 1, requeued: 1 });
    expect(b.queue.eventIds).toEqual(['shop:first', 'shop:second']);
    expect(b.cursors.cursors.get('shop')).toBe(minutesBeforeT0(10));
  });

  it('starts the next run at an event whose send failed, and nothing of that source overtakes it', async () => {
    const b = bench();
    await b.put(received('stuck', 'order-1', 20));
    await b.put(received('after', 'order-2', 10));
    b.queue.failing.add('shop:stuck');

    expect(await sweep(b)).toMatchObject({ failed: 1, requeued: 0 });
    expect(b.cursors.cursors.get('shop')).toBe(minutesBeforeT0(20));

    b.queue.failing.delete('shop:stuck');
    expect(await sweep(b)).toMatchObject({ failed: 0, requeued: 2 });
    expect(b.queue.eventIds).toEqual(['shop:stuck', 'shop:after']);
  });

  it('keeps a paused source where it was, so unpausing sweeps its events oldest first', async () => {
    const paused = bench(
      testConfig([
        { id: 'shop', tenant: 'acme', scheme: 'hmac-sha256', paused: true },
        { id: 'billing', tenant: 'acme', scheme: 'stripe' },
      ]),
    );
    await paused.put(received('held', 'order-1', 30));
    await sweep(paused);

    expect(paused.cursors.cursors.has('shop')).toBe(false);
  });
});
