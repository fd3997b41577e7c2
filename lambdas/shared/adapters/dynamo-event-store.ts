import { gunzipSync, gzipSync } from 'node:zlib';
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { z } from 'zod';
import {
  EVENT_STATUSES,
  type EventKey,
  type EventRecord,
  type EventStatus,
  LAST_ERROR_MAX_LENGTH,
  type StoredEvent,
} from '../domain/event.js';
import { DependencyError, PayloadTooLargeError } from '../errors.js';
import type { AttentionQuery, Clock, EventStore, PutResult, TransitionChanges } from '../ports.js';
import { ATTENTION_STATUSES, TABLE } from '../resources.js';

// Bodies above this are gzipped: an update is billed on the whole item, so big items make every
// status change dearer. Small ones stay raw (compression would cost CPU for nothing).
const COMPRESS_ABOVE_BYTES = 1024;

const itemSchema = z.object({
  eventId: z.string(),
  sourceId: z.string(),
  idempotencyKey: z.string(),
  tenant: z.string(),
  eventType: z.string(),
  entityId: z.string(),
  receivedAt: z.string(),
  occurredAt: z.string().optional(),
  payloadHash: z.string(),
  contentType: z.string(),
  status: z.enum(EVENT_STATUSES),
  attempts: z.number(),
  lastError: z.string().optional(),
  replayCount: z.number(),
  signingKey: z.enum(['current', 'previous']),
  updatedAt: z.string(),
  expiresAt: z.number(),
  body: z.instanceof(Uint8Array).optional(),
  bodyEncoding: z.enum(['raw', 'gzip']).optional(),
});
type Item = z.infer<typeof itemSchema>;

export const eventPk = (key: EventKey): string => `EVENT#${key.sourceId}#${key.idempotencyKey}`;
const attentionOf = (status: EventStatus, sourceId: string): string | undefined =>
  (ATTENTION_STATUSES as readonly string[]).includes(status) ? `${status}#${sourceId}` : undefined;

function toRecord(item: Item): EventRecord {
  const { body: _body, bodyEncoding: _encoding, ...record } = item;
  return record;
}

function toStored(item: Item): StoredEvent {
  const raw = item.body ?? new Uint8Array();
  const body = item.bodyEncoding === 'gzip' ? new Uint8Array(gunzipSync(raw)) : raw;
  return { ...toRecord(item), body };
}

function encodeBody(body: Uint8Array): { body: Uint8Array; bodyEncoding: 'raw' | 'gzip' } {
  if (body.byteLength <= COMPRESS_ABOVE_BYTES) return { body, bodyEncoding: 'raw' };
  const compressed = gzipSync(body);
  return compressed.byteLength < body.byteLength
    ? { body: new Uint8Array(compressed), bodyEncoding: 'gzip' }
    : { body, bodyEncoding: 'raw' };
}

/** DynamoDB's limit on one item, names and values included. */
export const MAX_ITEM_BYTES = 400 * 1024;

/**
 * An upper bound of the item's size as DynamoDB counts it: the body's stored bytes plus the other
 * attributes written out as JSON (quotes and separators make it a little more, never less).
 */
function itemBytes(item: Readonly<Record<string, unknown>> & { readonly body: Uint8Array }): number {
  const { body, ...attributes } = item;
  return body.byteLength + Buffer.byteLength(JSON.stringify(attributes));
}

function toItem(event: StoredEvent) {
  const { body, ...record } = event;
  return {
    [TABLE.partitionKey]: eventPk(event),
    ...record,
    ...encodeBody(body),
    [TABLE.attentionIndex.partitionKey]: attentionOf(event.status, event.sourceId),
  };
}

/** The size the event's item would have in the table (see `itemBytes`). */
export const storedItemBytes = (event: StoredEvent): number => itemBytes(toItem(event));

const dependency = (operation: string, cause: unknown) =>
  new DependencyError(`DynamoDB ${operation} failed`, { cause });

/** The event table: one item per event, raw body inside, sparse `attention` index for triage. */
export class DynamoEventStore implements EventStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly clock: Clock = Date.now,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async putIfAbsent(event: StoredEvent, nowEpochSeconds: number): Promise<PutResult> {
    const item = toItem(event);
    // DynamoDB would refuse the put, and the vendor would retry a 503 forever: refuse it as input.
    if (itemBytes(item) > MAX_ITEM_BYTES) {
      throw new PayloadTooLargeError(`body stored as ${item.body.byteLength} bytes does not fit one item`);
    }
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: item,
            // Expired items still exist until TTL deletes them (up to ~48 h late): they must not block.
            ConditionExpression: 'attribute_not_exists(#pk) OR #expiresAt < :now',
            ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#expiresAt': TABLE.ttlAttribute },
            ExpressionAttributeValues: { ':now': nowEpochSeconds },
            // The item that failed the condition comes back with the error: a duplicate costs no read.
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { created: true };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw dependency('PutItem', error);
        if (error.Item !== undefined) {
          return { created: false, existing: toStored(itemSchema.parse(unmarshall(error.Item))) };
        }
      }
      // Read it back: dynalite ignores ReturnValuesOnConditionCheckFailure.
      const existing = await this.get(event);
      if (existing !== undefined) return { created: false, existing };
      // Deleted between the put and the read (TTL): try the put once more.
    }
    throw new DependencyError('DynamoDB PutItem kept conflicting with a vanishing item');
  }

  async get(key: EventKey): Promise<StoredEvent | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      const output = await this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { [TABLE.partitionKey]: eventPk(key) },
          ConsistentRead: true,
        }),
      );
      item = output.Item;
    } catch (error) {
      throw dependency('GetItem', error);
    }
    return item === undefined ? undefined : toStored(itemSchema.parse(item));
  }

  async transition(
    key: EventKey,
    from: readonly EventStatus[],
    to: EventStatus,
    changes: TransitionChanges = {},
  ): Promise<EventRecord | undefined> {
    const names: Record<string, string> = {
      '#status': 'status',
      '#updatedAt': 'updatedAt',
      '#pk': TABLE.partitionKey,
    };
    const values: Record<string, unknown> = { ':to': to, ':now': new Date(this.clock()).toISOString() };
    const set = ['#status = :to', '#updatedAt = :now'];
    const remove: string[] = [];
    from.forEach((status, index) => {
      values[`:from${index}`] = status;
    });
    if (changes.lastError !== undefined) {
      names['#lastError'] = 'lastError';
      values[':lastError'] = changes.lastError.slice(0, LAST_ERROR_MAX_LENGTH);
      set.push('#lastError = :lastError');
    }
    if (changes.incrementAttempts) {
      names['#attempts'] = 'attempts';
      values[':one'] = 1;
      set.push('#attempts = #attempts + :one');
    }
    if (changes.incrementReplayCount) {
      names['#replayCount'] = 'replayCount';
      values[':one'] = 1;
      set.push('#replayCount = #replayCount + :one');
    }
    names['#attention'] = TABLE.attentionIndex.partitionKey;
    const attention = attentionOf(to, key.sourceId);
    if (attention === undefined) remove.push('#attention');
    else {
      values[':attention'] = attention;
      set.push('#attention = :attention');
    }
    const fromList = from.map((_, index) => `:from${index}`).join(', ');
    try {
      const output = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [TABLE.partitionKey]: eventPk(key) },
          UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ConditionExpression: `attribute_exists(#pk) AND #status IN (${fromList})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return output.Attributes === undefined ? undefined : toRecord(itemSchema.parse(output.Attributes));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw dependency('UpdateItem', error);
    }
  }

  async listNeedingAttention(query: AttentionQuery): Promise<EventRecord[]> {
    const { attentionIndex } = TABLE;
    const names: Record<string, string> = { '#att': attentionIndex.partitionKey };
    const values: Record<string, unknown> = { ':att': `${query.status}#${query.sourceId}` };
    let range = '';
    if (query.receivedAfter !== undefined && query.receivedBefore !== undefined) {
      range = ' AND #at BETWEEN :after AND :before';
      values[':after'] = query.receivedAfter;
      values[':before'] = query.receivedBefore;
    } else if (query.receivedAfter !== undefined) {
      range = ' AND #at >= :after';
      values[':after'] = query.receivedAfter;
    } else if (query.receivedBefore !== undefined) {
      range = ' AND #at <= :before';
      values[':before'] = query.receivedBefore;
    }
    // DynamoDB rejects a name the expression does not use: the sort key only with a time bound.
    if (range !== '') names['#at'] = attentionIndex.sortKey;
    const records: EventRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      try {
        const page = await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: attentionIndex.name,
            KeyConditionExpression: `#att = :att${range}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ScanIndexForward: true,
            Limit: query.limit - records.length,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) records.push(toRecord(itemSchema.parse(item)));
        startKey = page.LastEvaluatedKey;
      } catch (error) {
        throw dependency('Query', error);
      }
    } while (startKey !== undefined && records.length < query.limit);
    return records;
  }
}
