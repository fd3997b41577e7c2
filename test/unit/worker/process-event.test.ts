import { describe, expect, it } from 'vitest';
import { RetryableActionError } from '../../../lambdas/shared/errors.js';
import { processEvent } from '../../../lambdas/worker/process-event.js';
import { toWorkerMessage } from '../../../lambdas/worker/sqs-record.js';
import { harness, NOW, RECEIVER, ScriptedReceiver, sqsRecord, storedEvent, workerConfig } from './fakes.js';

const message = (event: Parameters<typeof sqsRecord>[0], receiveCount = 1) =>
  toWorkerMessage(sqsRecord(event, receiveCount));

describe('processing one event', () => {
  it('forwards a queued event and records SUCCEEDED with attempts 1 and a result summary', async () => {
    const { deps, store, receiver, stored } = harness();
    const event = await stored('evt-1');

    const outcome = await processEvent(message(event), deps);

    expect(outcome).toEqual({
      kind: 'succeeded',
      eventId: 'shop-acme:evt-1',
      sourceId: 'shop-acme',
      entityId: 'order-1',
      attempts: 1,
      result: 'forward to https://receiver.example answered 200',
      latencyMs: 1500,
    });
    expect(receiver.requests.map((request) => request.url)).toEqual([RECEIVER]);
    expect(await store.get(event)).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
  });

  it.each(['SUCCEEDED', 'SKIPPED_STALE', 'DEAD_LETTERED'] as const)(
    'does not run the action again for a record already %s',
    async (status) => {
      const { deps, store, receiver, stored } = harness();
      const event = await stored('evt-done', { status, attempts: 1 });

      const outcome = await processEvent(message(event, 2), deps);

      expect(outcome).toMatchObject({ kind: 'already-done', status });
      expect(receiver.requests).toHaveLength(0);
      expect(await store.get(event)).toMatchObject({ status, attempts: 1 });
    },
  );

  it('takes over a record left in PROCESSING by an attempt that died', async () => {
    const { deps, receiver, stored } = harness();
    const event = await stored('evt-orphan', { status: 'PROCESSING', attempts: 1 });

    const outcome = await processEvent(message(event, 2), deps);

    expect(outcome).toMatchObject({ kind: 'succeeded', attempts: 2 });
    expect(receiver.requests).toHaveLength(1);
  });

  it('drops a message whose record no longer exists without calling the action', async () => {
    const { deps, receiver, messages } = harness();

    const outcome = await processEvent(message(storedEvent('evt-expired')), deps);

    expect(outcome).toEqual({ kind: 'missing', eventId: 'shop-acme:evt-expired', sourceId: 'shop-acme' });
    expect(receiver.requests).toHaveLength(0);
    expect(messages.deadLetters).toHaveLength(0);
  });

  it('schedules a retry with a jittered delay and records RETRYING on a 503', async () => {
    const { deps, store, messages, stored } = harness(
      ScriptedReceiver.answering(new Response(null, { status: 503 })),
      {
        random: () => 0.5,
      },
    );
    const event = await stored('evt-503');

    const outcome = await processEvent(message(event, 3), deps);

    // Receive 3 with base 2 s: ceiling 8 s, random 0.5 → 4 s.
    expect(outcome).toMatchObject({ kind: 'retrying', attempts: 1, delaySeconds: 4 });
    expect(messages.visibility).toEqual([{ receiptHandle: 'receipt-message-evt-503-3', seconds: 4 }]);
    expect(await store.get(event)).toMatchObject({
      status: 'RETRYING',
      lastError: 'forward to https://receiver.example answered 503',
    });
    expect(messages.deadLetters).toHaveLength(0);
  });

  it('waits as long as the downstream asks with Retry-After', async () => {
    const busy = new Response(null, { status: 429, headers: { 'retry-after': '17' } });
    const { deps, messages, stored } = harness(ScriptedReceiver.answering(busy));
    const event = await stored('evt-429');

    await processEvent(message(event), deps);

    expect(messages.visibility).toEqual([{ receiptHandle: 'receipt-message-evt-429-1', seconds: 17 }]);
  });

  it('dead-letters at once on a 400: DLQ in the same group, deleted, DEAD_LETTERED with the error', async () => {
    const { deps, store, messages, stored } = harness(
      ScriptedReceiver.answering(new Response(null, { status: 400 })),
    );
    const event = await stored('evt-400');
    const received = message(event);

    const outcome = await processEvent(received, deps);

    expect(outcome).toMatchObject({ kind: 'dead-lettered', attempts: 1 });
    expect(messages.deadLetters).toEqual([
      {
        body: received.body,
        groupId: 'shop-acme#order-1',
        deduplicationId: 'shop-acme:evt-400#dlq#0#1',
      },
    ]);
    expect(messages.deleted).toEqual(['receipt-message-evt-400-1']);
    expect(messages.visibility).toEqual([]);
    expect(await store.get(event)).toMatchObject({
      status: 'DEAD_LETTERED',
      attempts: 1,
      lastError: 'forward to https://receiver.example answered 400',
    });
  });

  it('dead-letters a retryable failure on the receive that reaches maxReceiveCount', async () => {
    const { deps, store, messages, stored } = harness(
      ScriptedReceiver.answering(new Response(null, { status: 502 })),
      {
        config: workerConfig({}, { maxReceiveCount: 3 }),
      },
    );
    const event = await stored('evt-last', { status: 'RETRYING', attempts: 2 });

    const outcome = await processEvent(message(event, 3), deps);

    expect(outcome).toMatchObject({ kind: 'dead-lettered', attempts: 3 });
    expect(messages.deadLetters.map((letter) => letter.deduplicationId)).toEqual([
      'shop-acme:evt-last#dlq#0#3',
    ]);
    expect(await store.get(event)).toMatchObject({
      status: 'DEAD_LETTERED',
      lastError: 'forward to https://receiver.example answered 502',
    });
  });

  it('treats a network failure as retryable', async () => {
    const { deps, stored } = harness(ScriptedReceiver.answering(new TypeError('fetch failed')));
    const event = await stored('evt-network');

    const outcome = await processEvent(message(event), deps);

    expect(outcome.kind).toBe('retrying');
    expect(outcome.kind === 'retrying' && outcome.error).toBeInstanceOf(RetryableActionError);
  });

  it('dead-letters a message the gateway did not write, keeping its group', async () => {
    const { deps, messages } = harness();
    const record = { ...sqsRecord(storedEvent('evt-x')), body: 'not json' };

    const outcome = await processEvent(toWorkerMessage(record), deps);

    expect(outcome).toMatchObject({ kind: 'dead-lettered', error: 'unreadable message' });
    expect(messages.deadLetters).toEqual([
      { body: 'not json', groupId: 'shop-acme#order-1', deduplicationId: 'unreadable#message-evt-x-1' },
    ]);
    expect(messages.deleted).toEqual(['receipt-message-evt-x-1']);
  });
});

describe('stale guard', () => {
  const config = workerConfig({ occurredAt: 'body:created' });

  it('skips an event older than the entity watermark without forwarding it', async () => {
    const { deps, store, watermarks, receiver, stored } = harness(undefined, { config });
    await watermarks.advance('shop-acme', 'order-1', '2026-03-01T10:00:00.000Z', 0);
    const event = await stored('evt-old', { occurredAt: '2026-03-01T09:59:59.000Z' });

    const outcome = await processEvent(message(event), deps);

    expect(outcome).toMatchObject({
      kind: 'skipped-stale',
      occurredAt: '2026-03-01T09:59:59.000Z',
      watermark: '2026-03-01T10:00:00.000Z',
    });
    expect(receiver.requests).toHaveLength(0);
    expect(await store.get(event)).toMatchObject({ status: 'SKIPPED_STALE', attempts: 0 });
  });

  it('applies an event of the same instant as the watermark', async () => {
    const { deps, watermarks, receiver, stored } = harness(undefined, { config });
    await watermarks.advance('shop-acme', 'order-1', '2026-03-01T10:00:00.000Z', 0);
    const event = await stored('evt-same', { occurredAt: '2026-03-01T10:00:00.000Z' });

    expect((await processEvent(message(event), deps)).kind).toBe('succeeded');
    expect(receiver.requests).toHaveLength(1);
  });

  it('moves the watermark forward after a success', async () => {
    const { deps, watermarks, stored } = harness(undefined, { config });
    const event = await stored('evt-new', { occurredAt: '2026-03-01T11:00:00.000Z' });

    await processEvent(message(event), deps);

    expect(await watermarks.get('shop-acme', 'order-1')).toBe('2026-03-01T11:00:00.000Z');
  });

  it('leaves the watermark alone when the event fails', async () => {
    const { deps, watermarks, stored } = harness(
      ScriptedReceiver.answering(new Response(null, { status: 500 })),
      {
        config,
      },
    );
    const event = await stored('evt-fails', { occurredAt: '2026-03-01T11:00:00.000Z' });

    await processEvent(message(event), deps);

    expect(await watermarks.get('shop-acme', 'order-1')).toBeUndefined();
  });
});

describe('lag marks', () => {
  it('marks the source behind when it handles an event older than the limit, once per half window', async () => {
    const { deps, lag, stored } = harness();
    const late = await stored('evt-late', { receivedAt: new Date(NOW - 901_000).toISOString() });
    const later = await stored('evt-later', {
      entityId: 'order-2',
      receivedAt: new Date(NOW - 1_000_000).toISOString(),
    });

    await processEvent(toWorkerMessage(sqsRecord(late)), deps);
    expect(lag.marks).toEqual(new Map([['shop-acme', NOW + 60_000]]));
    lag.marks.clear();
    await processEvent(toWorkerMessage(sqsRecord(later)), deps);

    // Within half a window of the first mark: no second write.
    expect(lag.marks.size).toBe(0);
  });

  it('leaves the source unmarked while events are handled within the limit', async () => {
    const { deps, lag, stored } = harness();
    const fresh = await stored('evt-fresh', { receivedAt: new Date(NOW - 899_000).toISOString() });

    await processEvent(toWorkerMessage(sqsRecord(fresh)), deps);

    expect(lag.marks).toEqual(new Map());
  });
});
