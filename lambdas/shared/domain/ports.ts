import type { EventKey, EventRecord, EventStatus, QueuedEvent, StoredEvent } from './event.js';

/** Epoch milliseconds; injected so tests control time. */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();

export type PutResult =
  | { readonly created: true }
  | { readonly created: false; readonly existing: StoredEvent };

/** Fields a transition may set besides the status. */
export interface TransitionChanges {
  readonly lastError?: string;
  readonly result?: string;
  readonly incrementAttempts?: boolean;
  readonly incrementReplayCount?: boolean;
}

export interface AttentionQuery {
  readonly status: 'RECEIVED' | 'DEAD_LETTERED';
  readonly sourceId: string;
  /** ISO-8601 bounds on receivedAt, inclusive. */
  readonly receivedAfter?: string;
  readonly receivedBefore?: string;
  readonly limit: number;
}

export interface EventStore {
  /** Conditional put: creates the record unless one exists that has not expired (TTL deletes late). */
  putIfAbsent(event: StoredEvent, nowEpochSeconds: number): Promise<PutResult>;
  get(key: EventKey): Promise<StoredEvent | undefined>;
  /**
   * Moves a record to `to` only if its status is one of `from`; false when the condition failed.
   * Returns the record after the change when it succeeded.
   */
  transition(
    key: EventKey,
    from: readonly EventStatus[],
    to: EventStatus,
    changes?: TransitionChanges,
  ): Promise<EventRecord | undefined>;
  /** Oldest first; reads the sparse attention index, never scans the table. */
  listNeedingAttention(query: AttentionQuery): Promise<EventRecord[]>;
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
  /** Reads a secret from its backing store (no caching; see CachedSecrets). */
  read(name: string): Promise<SecretVersions>;
}
