import { describe, expect, it } from 'vitest';
import { normalizeOccurredAt } from '../../../lambdas/ingest/occurred-at.js';
import { readSelector } from '../../../lambdas/ingest/selector.js';
import { deduplicationIdOf, groupIdOf } from '../../../lambdas/shared/domain/ids.js';
import { mediaTypeOf, parsePayload } from '../../../lambdas/shared/domain/payload.js';
import { UnusableEventError } from '../../../lambdas/shared/errors.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('payload parsing', () => {
  it('parses a Slack interactivity form and the JSON inside its payload field', () => {
    const body = bytes(
      `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', team: { id: 'T1' } }))}`,
    );

    expect(parsePayload(body, 'application/x-www-form-urlencoded')).toEqual({
      payload: { type: 'block_actions', team: { id: 'T1' } },
    });
  });

  it('rejects a body that is not JSON as unusable', () => {
    expect(() => parsePayload(bytes('nope'), 'application/json')).toThrow(UnusableEventError);
  });

  it('rejects a JSON array as unusable', () => {
    expect(() => parsePayload(bytes('[1]'), 'application/json')).toThrow(UnusableEventError);
  });

  it('rejects bytes that are not UTF-8 as unusable', () => {
    expect(() => parsePayload(new Uint8Array([0x7b, 0xff, 0x7d]), 'application/json')).toThrow(
      UnusableEventError,
    );
  });

  it('reads the media type without parameters', () => {
    expect(mediaTypeOf('Application/JSON; charset=utf-8')).toBe('application/json');
  });
});

describe('selectors', () => {
  const payload = { id: 'evt_1', data: { object: { id: 'in_1' } }, post_id: 42, nested: { obj: {} } };

  it('reads a dotted body path', () => {
    expect(readSelector('body:data.object.id', {}, payload)).toBe('in_1');
  });

  it('turns a numeric id into text', () => {
    expect(readSelector('body:post_id', {}, payload)).toBe('42');
  });

  it('reads headers case-insensitively', () => {
    expect(readSelector('header:X-GitHub-Delivery', { 'x-github-delivery': 'd-1' }, payload)).toBe('d-1');
  });

  it('does not count an object or a missing path as a value', () => {
    expect(readSelector('body:nested.obj', {}, payload)).toBeUndefined();
    expect(readSelector('body:data.missing.id', {}, payload)).toBeUndefined();
  });

  it('does not walk into inherited properties', () => {
    expect(readSelector('body:constructor', {}, payload)).toBeUndefined();
  });
});

describe('event time normalization', () => {
  it('reads epoch seconds', () => {
    expect(normalizeOccurredAt('1700000000')).toBe('2023-11-14T22:13:20.000Z');
  });

  it('reads epoch milliseconds', () => {
    expect(normalizeOccurredAt('1700000000000')).toBe('2023-11-14T22:13:20.000Z');
  });

  it('reads an ISO date with an offset', () => {
    expect(normalizeOccurredAt('2024-05-01T12:00:00+02:00')).toBe('2024-05-01T10:00:00.000Z');
  });

  it('ignores what is not a time', () => {
    expect(normalizeOccurredAt('yesterday-ish')).toBeUndefined();
  });
});

describe('SQS ids', () => {
  it('keeps a short printable group id as it is', () => {
    expect(groupIdOf('stripe-acme', 'cus_123')).toBe('stripe-acme#cus_123');
  });

  it('hashes a group id with a space, which SQS refuses', () => {
    expect(groupIdOf('wp', 'my post')).toBe(
      '7820fcd033c88148d9fcb25df526e0856c80ef5c102712e0afb3d83acebee814',
    );
  });

  it('hashes a deduplication id longer than 128 characters', () => {
    const id = deduplicationIdOf({ sourceId: 's', idempotencyKey: 'k'.repeat(200) });
    expect(id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives a replay a different deduplication id', () => {
    const key = { sourceId: 's', idempotencyKey: 'k' };
    expect(deduplicationIdOf(key)).toBe('s:k');
    expect(deduplicationIdOf(key, 2)).toBe('s:k#replay-2');
  });
});
