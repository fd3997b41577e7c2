import { createHash } from 'node:crypto';
import type { EventKey, EventRecord, QueuedEvent } from './event.js';

const SQS_ID_MAX = 128;
// SQS group and deduplication ids: printable ASCII without space, ≤ 128 characters.
const SQS_ID_CHARS = /^[\x21-\x7e]+$/;

export const sha256Hex = (data: Uint8Array | string): string =>
  createHash('sha256').update(data).digest('hex');

export const eventIdOf = (key: EventKey): string => `${key.sourceId}:${key.idempotencyKey}`;

/** Keeps an id as it is when SQS accepts it, else its SHA-256 hex digest (64 chars). */
export function sqsSafeId(plain: string): string {
  return plain.length <= SQS_ID_MAX && SQS_ID_CHARS.test(plain) ? plain : sha256Hex(plain);
}

/** FIFO group: one entity of one source, so its events are processed in order. */
export const groupIdOf = (sourceId: string, entityId: string): string => sqsSafeId(`${sourceId}#${entityId}`);

/** Deduplication id: derived from the event key; a replay gets a fresh one so SQS does not drop it. */
export function deduplicationIdOf(key: EventKey, replayCount = 0): string {
  const base = eventIdOf(key);
  return sqsSafeId(replayCount === 0 ? base : `${base}#replay-${replayCount}`);
}

/**
 * The queue message of a record's latest copy: its group, and a deduplication id fresh for each
 * replay count, so a repeated send of the same copy is dropped and a replay's copy is not.
 */
export function queuedEventOf(
  record: Pick<EventRecord, 'eventId' | 'sourceId' | 'idempotencyKey' | 'entityId' | 'replayCount'>,
  traceHeader?: string,
): QueuedEvent {
  return {
    eventId: record.eventId,
    sourceId: record.sourceId,
    idempotencyKey: record.idempotencyKey,
    replayCount: record.replayCount,
    groupId: groupIdOf(record.sourceId, record.entityId),
    deduplicationId: deduplicationIdOf(record, record.replayCount),
    ...(traceHeader === undefined ? {} : { traceHeader }),
  };
}
