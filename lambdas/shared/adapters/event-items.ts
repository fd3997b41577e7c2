import { gunzipSync, gzipSync } from 'node:zlib';
import * as z from 'zod/mini';
import {
  EVENT_STATUSES,
  type EventKey,
  type EventRecord,
  type EventStatus,
  LAST_ERROR_MAX_LENGTH,
} from '../domain/event.js';
import { eventIdOf, sha256Hex } from '../domain/ids.js';
import { BODY_BUCKET, TABLE } from '../resources.js';

/*
 * One event is two items (docs/architecture.md#data-model): the event item, written once by ingest
 * with the body (or the S3 key of a large one), and a small status item that every status change
 * rewrites. A status change is then billed on ~250 bytes, one write unit, whatever the body's size.
 */

export const eventPk = (key: EventKey): string => `EVENT#${key.sourceId}#${key.idempotencyKey}`;
export const statusPk = (key: EventKey): string => `STATUS#${key.sourceId}#${key.idempotencyKey}`;

/** The index partition every event item joins when written, and keeps: the sweeper's arrivals. */
export const arrivalsPartition = (sourceId: string): string => `RECEIVED#${sourceId}`;
export const deadLettersPartition = (sourceId: string): string => `DEAD_LETTERED#${sourceId}`;

/**
 * The record's fields that never change after ingest: they live in the event item. `eventId` is not
 * stored (it is `<sourceId>:<idempotencyKey>`): leaving it out keeps a 1 KB event's item under the
 * 1 KB a write unit buys.
 */
const storedEventFields = z.object({
  sourceId: z.string(),
  idempotencyKey: z.string(),
  tenant: z.string(),
  eventType: z.string(),
  entityId: z.string(),
  receivedAt: z.string(),
  occurredAt: z.optional(z.string()),
  payloadHash: z.string(),
  contentType: z.string(),
  signingKey: z.enum(['current', 'previous']),
  expiresAt: z.number(),
});
export type EventFields = z.infer<typeof storedEventFields> & { readonly eventId: string };

const eventItemSchema = z.extend(storedEventFields, {
  body: z.optional(z.instanceof(Uint8Array)),
  bodyKey: z.optional(z.string()),
  bodyEncoding: z.optional(z.enum(['raw', 'gzip'])),
});

const statusItemSchema = z.object({
  sourceId: z.string(),
  idempotencyKey: z.string(),
  /** The event item's `receivedAt`: a status item left from an expired event of the same key is ignored. */
  receivedAt: z.string(),
  expiresAt: z.number(),
  status: z.enum(EVENT_STATUSES),
  attempts: z.number(),
  replayCount: z.number(),
  lastError: z.optional(z.string()),
  updatedAt: z.string(),
});
export type StatusItem = z.infer<typeof statusItemSchema>;

export type EventItem = z.infer<typeof eventItemSchema> & { readonly eventId: string };

const withEventId = <T extends EventKey>(fields: T): T & { eventId: string } => ({
  ...fields,
  eventId: eventIdOf(fields),
});
export const parseEventItem = (item: unknown): EventItem => withEventId(eventItemSchema.parse(item));
export const parseEventFields = (item: unknown): EventFields => withEventId(storedEventFields.parse(item));
export const parseStatusItem = (item: unknown): StatusItem => statusItemSchema.parse(item);

/** The fields of a record (or an item) that belong to the event item, and nothing else. */
export function eventFieldsOf(record: EventFields): EventFields {
  return {
    eventId: record.eventId,
    sourceId: record.sourceId,
    idempotencyKey: record.idempotencyKey,
    tenant: record.tenant,
    eventType: record.eventType,
    entityId: record.entityId,
    receivedAt: record.receivedAt,
    ...(record.occurredAt === undefined ? {} : { occurredAt: record.occurredAt }),
    payloadHash: record.payloadHash,
    contentType: record.contentType,
    signingKey: record.signingKey,
    expiresAt: record.expiresAt,
  };
}

/** Whether the status item belongs to this event (not to an expired one of the same key). */
const belongsTo = (status: StatusItem, event: EventFields, nowEpochSeconds: number): boolean =>
  status.receivedAt === event.receivedAt && status.expiresAt >= nowEpochSeconds;

/** The record: the event's fields, and its status item's, or RECEIVED when nothing changed it yet. */
export function mergeRecord(
  event: EventFields,
  status: StatusItem | undefined,
  nowEpochSeconds: number,
): EventRecord {
  const fields = eventFieldsOf(event);
  if (status === undefined || !belongsTo(status, event, nowEpochSeconds)) {
    return { ...fields, status: 'RECEIVED', attempts: 0, replayCount: 0, updatedAt: event.receivedAt };
  }
  return {
    ...fields,
    status: status.status,
    attempts: status.attempts,
    replayCount: status.replayCount,
    updatedAt: status.updatedAt,
    ...(status.lastError === undefined ? {} : { lastError: status.lastError }),
  };
}

/** What a status change writes: the new status item, whole. */
export function statusItem(
  record: EventRecord,
  status: EventStatus,
  updatedAt: string,
  lastError: string | undefined,
): Record<string, unknown> {
  return {
    [TABLE.partitionKey]: statusPk(record),
    sourceId: record.sourceId,
    idempotencyKey: record.idempotencyKey,
    receivedAt: record.receivedAt,
    expiresAt: record.expiresAt,
    status,
    attempts: record.attempts,
    replayCount: record.replayCount,
    updatedAt,
    ...(lastError === undefined ? {} : { lastError: lastError.slice(0, LAST_ERROR_MAX_LENGTH) }),
    ...(status === 'DEAD_LETTERED'
      ? { [TABLE.attentionIndex.partitionKey]: deadLettersPartition(record.sourceId) }
      : {}),
  };
}

// Bodies above this are gzipped when that makes them smaller: the event item's size is what its put
// and every read of it cost, and a 1 KB JSON body usually halves.
const COMPRESS_ABOVE_BYTES = 512;

export interface EncodedBody {
  readonly bytes: Uint8Array;
  readonly encoding: 'raw' | 'gzip';
}

export function encodeBody(body: Uint8Array): EncodedBody {
  if (body.byteLength <= COMPRESS_ABOVE_BYTES) return { bytes: body, encoding: 'raw' };
  const compressed = gzipSync(body);
  return compressed.byteLength < body.byteLength
    ? { bytes: new Uint8Array(compressed), encoding: 'gzip' }
    : { bytes: body, encoding: 'raw' };
}

export const decodeBody = (bytes: Uint8Array, encoding: 'raw' | 'gzip' | undefined): Uint8Array =>
  encoding === 'gzip' ? new Uint8Array(gunzipSync(bytes)) : bytes;

/**
 * The S3 key of an event's body: the payload hash in it keeps a conflicting delivery (same key,
 * other bytes) from overwriting the stored event's body; the idempotency key is hashed because it
 * may hold any character.
 */
export const bodyKeyOf = (event: EventFields): string =>
  `${BODY_BUCKET.keyPrefix}${event.sourceId}/${sha256Hex(event.idempotencyKey)}/${event.payloadHash}`;

/** An upper bound of an item's size as DynamoDB counts it: binary values plus the rest as JSON. */
export function itemBytes(item: Readonly<Record<string, unknown>>): number {
  let binary = 0;
  const rest: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (value instanceof Uint8Array) binary += name.length + value.byteLength;
    else rest[name] = value;
  }
  return binary + Buffer.byteLength(JSON.stringify(rest));
}
