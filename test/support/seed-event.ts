import { EVENT_STATUSES, type EventRecord, type StoredEvent } from '../../lambdas/shared/domain/event.js';
import type { EventStore } from '../../lambdas/shared/ports.js';

/**
 * Stores an event as ingest would (RECEIVED), then moves it through the store's own transitions to
 * the fixture's status, attempts, replay count and last error: the table only reaches a state the
 * code can reach.
 */
export async function seedEvent(
  store: EventStore,
  event: StoredEvent,
  nowEpochSeconds: number,
): Promise<EventRecord> {
  await store.putIfAbsent(event, nowEpochSeconds);
  let record = await store.getRecord(event);
  const step = async (
    ...args: Parameters<EventStore['transition']> extends [unknown, ...infer R] ? R : never
  ) => {
    if (record === undefined) throw new Error(`event ${event.eventId} was not stored`);
    const next = await store.transition(record, ...args);
    if (next === undefined) throw new Error(`event ${event.eventId} could not move to ${args[1]}`);
    record = next;
  };
  // A store that kept the fixture's fields as given (the in-memory one) needs no steps.
  while (record !== undefined && record.replayCount < event.replayCount)
    await step(EVENT_STATUSES, 'QUEUED', { incrementReplayCount: true });
  while (record !== undefined && record.attempts < event.attempts)
    await step(EVENT_STATUSES, 'PROCESSING', { incrementAttempts: true });
  if (record !== undefined && (record.status !== event.status || record.lastError !== event.lastError))
    await step(
      EVENT_STATUSES,
      event.status,
      event.lastError === undefined ? {} : { lastError: event.lastError },
    );
  if (record === undefined) throw new Error(`event ${event.eventId} was not stored`);
  return record;
}
