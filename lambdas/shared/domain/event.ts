export const EVENT_STATUSES = [
  'RECEIVED',
  'QUEUED',
  'PROCESSING',
  'SUCCEEDED',
  'RETRYING',
  'DEAD_LETTERED',
  'SKIPPED_STALE',
] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export type SigningKeyId = 'current' | 'previous';

export interface EventKey {
  readonly sourceId: string;
  readonly idempotencyKey: string;
}

/** The durable record of one event (docs/architecture.md#data-model). Times are ISO-8601 strings, so they sort as text. */
export interface EventRecord extends EventKey {
  readonly eventId: string;
  readonly tenant: string;
  readonly eventType: string;
  readonly entityId: string;
  readonly receivedAt: string;
  readonly occurredAt?: string | undefined;
  readonly payloadHash: string;
  readonly contentType: string;
  readonly status: EventStatus;
  readonly attempts: number;
  readonly lastError?: string | undefined;
  readonly replayCount: number;
  readonly signingKey: SigningKeyId;
  readonly updatedAt: string;
  /** Epoch seconds; DynamoDB TTL deletes the record after `retentionDays`. */
  readonly expiresAt: number;
}

/** `lastError` is cut to this many characters: enough to diagnose, bounded in every status write. */
export const LAST_ERROR_MAX_LENGTH = 1000;

/** A record together with the exact bytes the vendor signed. */
export interface StoredEvent extends EventRecord {
  readonly body: Uint8Array;
}

/** What travels on the queue: a reference, the body stays in the table. */
export interface QueuedEvent extends EventKey {
  readonly eventId: string;
  /** The record's replay count this copy belongs to. */
  readonly replayCount: number;
  readonly groupId: string;
  readonly deduplicationId: string;
  /** X-Ray trace header of the ingest, so one event is one trace. */
  readonly traceHeader?: string;
}
