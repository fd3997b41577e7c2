import type { EventRecord, EventStatus } from '../shared/domain/event.js';
import { queuedEventOf } from '../shared/domain/ids.js';
import type { EventQueue, EventStore } from '../shared/ports.js';

/** Statuses a replay may reset to QUEUED; SUCCEEDED and SKIPPED_STALE are finished for good. */
export const REPLAYABLE_STATUSES: readonly EventStatus[] = [
  'DEAD_LETTERED',
  'RETRYING',
  'PROCESSING',
  'QUEUED',
  'RECEIVED',
];

export const isReplayable = (status: EventStatus): boolean => REPLAYABLE_STATUSES.includes(status);

export interface RequeueDeps {
  readonly store: EventStore;
  readonly queue: EventQueue;
}

export type RequeueResult =
  | { readonly kind: 'requeued' }
  /** The record finished (or vanished) since it was read. */
  | { readonly kind: 'not-replayable' }
  | { readonly kind: 'failed'; readonly error: unknown };

const describe = (error: unknown): string => (error instanceof Error ? error.message : 'unknown error');

/**
 * QUEUED first, then the send: a worker that gets the message must find the record runnable. The
 * new replay count gives a fresh deduplication id, so SQS does not drop the message as a repeat of
 * the original. A failed send puts the record back where the sweeper or the next replay finds it.
 */
export async function requeueEvent(
  record: EventRecord,
  groupId: string,
  traceHeader: string | undefined,
  deps: RequeueDeps,
): Promise<RequeueResult> {
  let queued: EventRecord | undefined;
  try {
    queued = await deps.store.transition(record, REPLAYABLE_STATUSES, 'QUEUED', {
      incrementReplayCount: true,
    });
  } catch (error) {
    return { kind: 'failed', error };
  }
  if (queued === undefined) return { kind: 'not-replayable' };
  try {
    // The group the caller names: a dead letter keeps the group it was sent with.
    await deps.queue.send({ ...queuedEventOf(queued, traceHeader), groupId });
  } catch (error) {
    const back: EventStatus = record.status === 'RECEIVED' ? 'RECEIVED' : 'DEAD_LETTERED';
    await deps.store
      .transition(record, ['QUEUED'], back, { lastError: `requeue failed: ${describe(error)}` })
      .catch(() => undefined);
    return { kind: 'failed', error };
  }
  return { kind: 'requeued' };
}
