/**
 * Every port the domain and use cases depend on, in one place: adapters under `adapters/` implement
 * them with the AWS SDK, the local stack and tests with emulators or in-memory stores.
 */
import type { EventKey, EventRecord, EventStatus, QueuedEvent, StoredEvent } from './domain/event.js';

/** Epoch milliseconds; injected so tests control time. */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();

export type PutResult =
  | { readonly created: true }
  | { readonly created: false; readonly existing: EventRecord };

/** Fields a transition may set besides the status. */
export interface TransitionChanges {
  readonly lastError?: string;
  readonly incrementAttempts?: boolean;
  readonly incrementReplayCount?: boolean;
}

export interface AttentionQuery {
  readonly status: 'RECEIVED' | 'DEAD_LETTERED';
  readonly sourceId: string;
  /** ISO-8601 bounds on receivedAt, inclusive. */
  readonly receivedAfter?: string;
  readonly receivedBefore?: string;
  /** How many index entries to read at most (RECEIVED: arrivals, of which some are still RECEIVED). */
  readonly limit: number;
}

export interface AttentionPage {
  /** Records in the queried status, oldest first. */
  readonly records: EventRecord[];
  /** The `receivedAt` of the last index entry read: a later query may start there. */
  readonly scannedThrough?: string;
  /** The index holds more entries inside the bounds than were read. */
  readonly more: boolean;
}

export interface EventStore {
  /**
   * Conditional put: creates the event unless one exists that has not expired (TTL deletes late).
   * A body too big for the event's item is written to the body store first.
   */
  putIfAbsent(event: StoredEvent, nowEpochSeconds: number): Promise<PutResult>;
  /** The record with its exact body (read from the body store when it lives there). */
  get(key: EventKey): Promise<StoredEvent | undefined>;
  /** The record without its body: what status lookups, replay and triage need. */
  getRecord(key: EventKey): Promise<EventRecord | undefined>;
  /**
   * Moves the event to `to` only if its status is one of `from`; undefined when the condition
   * failed. Takes the record as read (its `receivedAt` tells this event from an expired one of the
   * same key) and returns it after the change.
   */
  transition(
    record: EventRecord,
    from: readonly EventStatus[],
    to: EventStatus,
    changes?: TransitionChanges,
  ): Promise<EventRecord | undefined>;
  /**
   * Oldest first, from the sparse attention index, never a table scan: DEAD_LETTERED records, or for
   * RECEIVED the arrivals in the bounds that nothing has moved on yet.
   */
  listNeedingAttention(query: AttentionQuery): Promise<AttentionPage>;
}

/**
 * Where bodies too big for the event's item are kept (claim-check, docs/architecture.md#data-model).
 * Keys are chosen by the event store; a body is written once, before the record that points at it.
 */
export interface BodyStore {
  put(key: string, body: Uint8Array): Promise<void>;
  /** The exact bytes written; throws DependencyError when the object cannot be read. */
  get(key: string): Promise<Uint8Array>;
}

export interface EventQueue {
  send(message: QueuedEvent): Promise<void>;
}

/** One version of a secret as stored: the parsed JSON value. */
export interface SecretVersions {
  readonly current: Readonly<Record<string, unknown>>;
  readonly previous?: Readonly<Record<string, unknown>>;
  /** When the current version became current (AWSCURRENT's creation date, or `rotatedAt` locally). */
  readonly rotatedAt?: number;
}

export interface SecretSource {
  /** Reads a secret from its backing store (no caching: `SecretCache` in domain/secret-cache.ts caches). */
  read(name: string): Promise<SecretVersions>;
}

// Ingest and worker

/**
 * How far behind the worker is, per source. The worker marks a source behind while it handles events
 * of that source that arrived long ago; ingest sheds that source's deliveries until the mark expires,
 * so one source's slow or failing downstream never throttles another.
 */
export interface SourceLag {
  /** Epoch ms until which the source counts as behind; undefined when it was never marked. */
  behindUntil(sourceId: string): Promise<number | undefined>;
  /** Marks the source behind until `untilMs`; a later mark already there is kept. */
  markBehind(sourceId: string, untilMs: number): Promise<void>;
}

// Worker

/** A message to copy to the dead-letter queue, in its own group so the DLQ keeps per-entity order. */
export interface DeadLetterMessage {
  readonly body: string;
  readonly groupId: string;
  readonly deduplicationId: string;
  readonly traceHeader?: string;
}

/** What the worker does to a message it received, besides letting the batch response decide. */
export interface InFlightMessages {
  /** The message becomes visible again after `seconds` (0: at once). */
  changeVisibility(receiptHandle: string, seconds: number): Promise<void>;
  sendToDeadLetterQueue(message: DeadLetterMessage): Promise<void>;
  /** Removes the message from the main queue. */
  delete(receiptHandle: string): Promise<void>;
}

/**
 * The newest `occurredAt` applied for one entity of one source (docs/architecture.md#invariants, item 4). Events are
 * compared by ISO-8601 text, which sorts like time once normalized.
 */
export interface EntityWatermarks {
  /** The watermark, or undefined when nothing with an `occurredAt` was applied for the entity yet. */
  get(sourceId: string, entityId: string): Promise<string | undefined>;
  /** Moves the watermark to `occurredAt` unless it is already there or later: it never goes back. */
  advance(sourceId: string, entityId: string, occurredAt: string, expiresAt: number): Promise<void>;
}

// Replay

/** How far the sweeper has read each source's arrivals, so it reads each arrival about once. */
export interface SweepCursors {
  /** The `receivedAt` the next sweep of the source starts at (inclusive); undefined: from the start. */
  get(sourceId: string): Promise<string | undefined>;
  /** Moves the source's cursor forward to `receivedAt`, never back. */
  advance(sourceId: string, receivedAt: string): Promise<void>;
}

/** One message received from the FIFO dead-letter queue. */
export interface DeadLetter {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly groupId: string;
  /** String message attributes (the trace header, the replay run mark). */
  readonly attributes: Readonly<Record<string, string>>;
}

/** What replay does on the dead-letter queue: receive → (send elsewhere) → delete, or give back. */
export interface DeadLetterQueue {
  /** Up to 10 messages, hidden for `visibilitySeconds`; empty when nothing is visible. */
  receive(visibilitySeconds: number): Promise<DeadLetter[]>;
  /** Visible again at once, in its place at the head of its group. */
  release(receiptHandle: string): Promise<void>;
  delete(receiptHandle: string): Promise<void>;
  /**
   * Sends a copy of the message to the tail of its own group, with `attributes` added; the caller
   * deletes the original afterwards. `deduplicationId` makes a retried send harmless.
   */
  appendCopy(
    message: DeadLetter,
    attributes: Readonly<Record<string, string>>,
    deduplicationId: string,
  ): Promise<void>;
}
