import { findSource, type GatewayConfig } from '../shared/config/load.js';
import type { EventKey, EventRecord, EventStatus, StoredEvent } from '../shared/domain/event.js';
import { groupIdOf, sqsSafeId } from '../shared/domain/ids.js';
import { decodeQueueMessage, type QueueMessage } from '../shared/domain/queue-message.js';
import { ActionError, PermanentActionError, RetryableActionError } from '../shared/errors.js';
import type { Clock, EntityWatermarks, EventStore, InFlightMessages } from '../shared/ports.js';
import { normalizeEvent } from './actions/normalized-event.js';
import { runAction } from './actions/registry.js';
import type { ActionDeps } from './actions/types.js';
import { type RandomSource, retryDelaySeconds } from './backoff.js';
import type { LagReporter } from './lag-reporter.js';
import { isStale } from './watermark.js';
import type { WorkerMessage } from './worker-message.js';

export interface WorkerDeps {
  readonly config: GatewayConfig;
  readonly store: EventStore;
  readonly watermarks: EntityWatermarks;
  readonly messages: InFlightMessages;
  readonly actions: ActionDeps;
  readonly clock: Clock;
  readonly random: RandomSource;
  /** Tells ingest when this source's events are handled late, so it sheds that source alone. */
  readonly lag: LagReporter;
}

interface Identified {
  readonly eventId: string;
  readonly sourceId: string;
  readonly entityId?: string;
}

export type WorkerOutcome = Identified &
  (
    | {
        readonly kind: 'succeeded';
        readonly attempts: number;
        readonly result: string;
        readonly latencyMs: number;
      }
    /** Already SUCCEEDED, SKIPPED_STALE or DEAD_LETTERED: effectively once, nothing runs again. */
    | { readonly kind: 'already-done'; readonly status: EventStatus }
    /** The record expired (TTL) or never existed: there is nothing left to act on. */
    | { readonly kind: 'missing' }
    | { readonly kind: 'skipped-stale'; readonly occurredAt: string; readonly watermark: string }
    | { readonly kind: 'dead-lettered'; readonly attempts: number; readonly error: string }
    /** The batch must report this message as failed; it comes back after `delaySeconds`. */
    | {
        readonly kind: 'retrying';
        readonly attempts: number;
        readonly delaySeconds: number;
        readonly error: ActionError;
      }
  );

/** States a message may find its record in and still run; PROCESSING means the last attempt died. */
const RUNNABLE: readonly EventStatus[] = ['RECEIVED', 'QUEUED', 'RETRYING', 'PROCESSING'];

const asActionError = (error: unknown): ActionError =>
  error instanceof ActionError
    ? error
    : new RetryableActionError(error instanceof Error ? error.message : 'action failed', { cause: error });

function decode(message: WorkerMessage): QueueMessage | undefined {
  try {
    return decodeQueueMessage(message.body);
  } catch {
    return undefined;
  }
}

async function alreadyDone(key: EventKey & Identified, deps: WorkerDeps): Promise<WorkerOutcome> {
  const current = await deps.store.getRecord(key);
  if (current === undefined) return { kind: 'missing', eventId: key.eventId, sourceId: key.sourceId };
  return {
    kind: 'already-done',
    eventId: current.eventId,
    sourceId: current.sourceId,
    entityId: current.entityId,
    status: current.status,
  };
}

/** DLQ first, then the record, then the delete: a failure in between leaves the message to retry. */
async function deadLetter(
  message: WorkerMessage,
  record: EventRecord,
  error: string,
  deps: WorkerDeps,
): Promise<WorkerOutcome> {
  await deps.messages.sendToDeadLetterQueue({
    body: message.body,
    groupId: message.groupId ?? groupIdOf(record.sourceId, record.entityId),
    // Event + attempt: a later attempt (or one after a replay) is a new DLQ message, a retried send is not.
    deduplicationId: sqsSafeId(`${record.eventId}#dlq#${record.replayCount}#${record.attempts}`),
    ...(message.traceHeader === undefined ? {} : { traceHeader: message.traceHeader }),
  });
  await deps.store.transition(record, ['PROCESSING'], 'DEAD_LETTERED', { lastError: error });
  await deps.messages.delete(message.receiptHandle);
  return {
    kind: 'dead-lettered',
    eventId: record.eventId,
    sourceId: record.sourceId,
    entityId: record.entityId,
    attempts: record.attempts,
    error,
  };
}

async function runActions(event: StoredEvent, deps: WorkerDeps): Promise<string> {
  const source = findSource(deps.config, event.sourceId);
  if (source === undefined) throw new PermanentActionError(`source ${event.sourceId} is not configured`);
  if (source.actions.length === 0) return 'no actions configured';
  const normalized = normalizeEvent(event);
  const summaries: string[] = [];
  // In order: a failure stops the rest; on retry the finished ones run again and the receiver
  // dedupes them by Idempotency-Key (docs/architecture.md#invariants, item 3).
  for (const action of source.actions)
    summaries.push((await runAction(action, normalized, deps.actions)).summary);
  return summaries.join('; ');
}

async function succeed(event: StoredEvent, claimed: EventRecord, result: string, deps: WorkerDeps) {
  // The watermark moves before the status: if it fails, the retry re-runs the (idempotent) action
  // rather than leaving a SUCCEEDED event that older events could overtake.
  if (event.occurredAt !== undefined) {
    await deps.watermarks.advance(event.sourceId, event.entityId, event.occurredAt, event.expiresAt);
  }
  // The actions' summary goes to the log only: nothing reads it back from the record.
  await deps.store.transition(event, ['PROCESSING'], 'SUCCEEDED');
  return {
    kind: 'succeeded' as const,
    eventId: event.eventId,
    sourceId: event.sourceId,
    entityId: event.entityId,
    attempts: claimed.attempts,
    result,
    latencyMs: Math.max(0, deps.clock() - Date.parse(event.receivedAt)),
  };
}

/**
 * One queue message → one event's actions, at most once to completion. Dependency failures (DynamoDB,
 * SQS) are thrown: the message is retried and the redrive policy is the backstop. See
 * docs/architecture.md#worker-retry-rules and #invariants.
 */
export async function processEvent(
  message: WorkerMessage,
  deps: WorkerDeps,
  onLoaded: (event: EventRecord) => void = () => undefined,
): Promise<WorkerOutcome> {
  const reference = decode(message);
  if (reference === undefined) {
    // Not a message the gateway wrote: it can never succeed, so it must not block its group.
    await deps.messages.sendToDeadLetterQueue({
      body: message.body,
      groupId: message.groupId ?? 'unreadable',
      deduplicationId: sqsSafeId(`unreadable#${message.messageId}`),
    });
    await deps.messages.delete(message.receiptHandle);
    return {
      kind: 'dead-lettered',
      eventId: 'unreadable',
      sourceId: 'unknown',
      attempts: 0,
      error: 'unreadable message',
    };
  }
  const event = await deps.store.get(reference);
  if (event === undefined)
    return { kind: 'missing', eventId: reference.eventId, sourceId: reference.sourceId };
  onLoaded(event);
  if (!RUNNABLE.includes(event.status)) return alreadyDone(reference, deps);
  await deps.lag.observe(event);

  if (event.occurredAt !== undefined) {
    const watermark = await deps.watermarks.get(event.sourceId, event.entityId);
    if (watermark !== undefined && isStale(event.occurredAt, watermark)) {
      const skipped = await deps.store.transition(event, RUNNABLE, 'SKIPPED_STALE');
      if (skipped === undefined) return alreadyDone(reference, deps);
      return {
        kind: 'skipped-stale',
        eventId: event.eventId,
        sourceId: event.sourceId,
        entityId: event.entityId,
        occurredAt: event.occurredAt,
        watermark,
      };
    }
  }

  const claimed = await deps.store.transition(event, RUNNABLE, 'PROCESSING', { incrementAttempts: true });
  if (claimed === undefined) return alreadyDone(reference, deps);

  let result: string;
  try {
    result = await runActions(event, deps);
  } catch (thrown) {
    const error = asActionError(thrown);
    const lastReceive = message.receiveCount >= deps.config.retry.maxReceiveCount;
    if (!error.retryable || lastReceive) return deadLetter(message, claimed, error.message, deps);
    const delaySeconds = retryDelaySeconds(
      deps.config.retry,
      message.receiveCount,
      deps.random,
      error.retryAfterSeconds,
    );
    await deps.store.transition(event, ['PROCESSING'], 'RETRYING', { lastError: error.message });
    await deps.messages.changeVisibility(message.receiptHandle, delaySeconds);
    return {
      kind: 'retrying',
      eventId: event.eventId,
      sourceId: event.sourceId,
      entityId: event.entityId,
      attempts: claimed.attempts,
      delaySeconds,
      error,
    };
  }
  return succeed(event, claimed, result, deps);
}
