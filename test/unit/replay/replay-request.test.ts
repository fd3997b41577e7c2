import { describe, expect, it } from 'vitest';
import { createReplayHandler } from '../../../lambdas/replay/create-handler.js';
import { parseReplayRequest } from '../../../lambdas/replay/replay-request.js';
import { ReplayInputError } from '../../../lambdas/shared/errors.js';
import { invokable } from '../../support/invoke.js';
import { bench, storedEvent } from './fakes.js';

function rejection(raw: unknown): ReplayInputError {
  try {
    parseReplayRequest(raw);
  } catch (error) {
    if (error instanceof ReplayInputError) return error;
    throw error;
  }
  throw new Error('the request was accepted');
}

describe('replay request validation', () => {
  it('turns an empty event into a dry run of the dead-letter queue with the documented defaults', () => {
    expect(parseReplayRequest({})).toEqual({
      from: 'dlq',
      dryRun: true,
      filter: {},
      maxEvents: 100,
      ratePerSecond: 10,
    });
  });

  it('treats a missing event like an empty one', () => {
    expect(parseReplayRequest(undefined)).toMatchObject({ from: 'dlq', dryRun: true });
  });

  it('normalises ISO-8601 bounds with an offset to UTC, as records store receivedAt', () => {
    const request = parseReplayRequest({
      filter: { receivedAfter: '2026-03-01T14:00:00+02:00', receivedBefore: '2026-03-01T12:30:00Z' },
    });

    expect(request.filter).toEqual({
      receivedAfter: '2026-03-01T12:00:00.000Z',
      receivedBefore: '2026-03-01T12:30:00.000Z',
    });
  });

  it('names an unknown top-level field and an unknown filter field', () => {
    const error = rejection({ dryrun: false, filter: { source: 'shop' } });

    expect(error.message).toBe(
      'invalid replay request:\n  - filter.source: unknown field\n  - dryrun: unknown field',
    );
  });

  it('names every malformed field in one message', () => {
    const error = rejection({
      from: 'queue',
      dryRun: 'no',
      maxEvents: 0,
      ratePerSecond: -1,
      eventIds: ['no-colon'],
      filter: { receivedAfter: 'yesterday', status: 'LOST' },
    });

    const fields = error.message
      .split('\n')
      .slice(1)
      .map((line) => line.replace(/^ {2}- /, '').split(':')[0]);
    expect(fields).toEqual([
      'from',
      'dryRun',
      'filter.receivedAfter',
      'filter.status',
      'eventIds.0',
      'maxEvents',
      'ratePerSecond',
    ]);
  });

  it('rejects maxEvents above 10000', () => {
    expect(rejection({ maxEvents: 10_001 }).message).toContain('  - maxEvents: ');
  });

  it('rejects a time window that ends before it starts', () => {
    const error = rejection({
      filter: { receivedAfter: '2026-03-02T00:00:00Z', receivedBefore: '2026-03-01T00:00:00Z' },
    });

    expect(error.message).toBe(
      'invalid replay request:\n  - filter.receivedBefore: must not be earlier than filter.receivedAfter',
    );
  });

  it('rejects a store replay by a status the attention index does not hold', () => {
    const error = rejection({ from: 'store', filter: { status: 'SUCCEEDED' } });

    expect(error.message).toBe(
      'invalid replay request:\n  - filter.status: from "store" without eventIds reads RECEIVED or DEAD_LETTERED only',
    );
  });

  it('accepts any status as a filter on explicit event ids', () => {
    const request = parseReplayRequest({
      from: 'store',
      eventIds: ['shop:evt-1'],
      filter: { status: 'SUCCEEDED' },
    });

    expect(request.filter.status).toBe('SUCCEEDED');
  });

  it('changes nothing when the handler gets a bad event', async () => {
    const b = bench();
    const event = storedEvent('shop', 'evt-1', {
      entityId: 'order-1',
      receivedAt: '2026-03-01T11:00:00.000Z',
    });
    await b.deadLetter(event);
    const handler = invokable(createReplayHandler(b.deps));

    await expect(handler({ dryRun: false, filter: { sourceId: 'shop', colour: 'red' } })).rejects.toThrow(
      'filter.colour: unknown field',
    );

    expect(b.dlq.receives).toBe(0);
    expect(b.queue.sent).toEqual([]);
    expect((await b.store.get(event))?.status).toBe('DEAD_LETTERED');
  });
});
