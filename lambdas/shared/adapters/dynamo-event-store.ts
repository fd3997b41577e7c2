import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type EventKey,
  type EventRecord,
  type EventStatus,
  LAST_ERROR_MAX_LENGTH,
  type StoredEvent,
} from '../domain/event.js';
import { DependencyError, PayloadTooLargeError } from '../errors.js';
import type {
  AttentionPage,
  AttentionQuery,
  BodyStore,
  Clock,
  EventStore,
  PutResult,
  TransitionChanges,
} from '../ports.js';
import { TABLE } from '../resources.js';
import {
  arrivalsPartition,
  bodyKeyOf,
  deadLettersPartition,
  decodeBody,
  type EventItem,
  encodeBody,
  eventFieldsOf,
  eventPk,
  itemBytes,
  mergeRecord,
  parseEventFields,
  parseEventItem,
  parseStatusItem,
  type StatusItem,
  statusItem,
  statusPk,
} from './event-items.js';

export { eventPk } from './event-items.js';

/** DynamoDB's limit on one item, names and values included. */
export const MAX_ITEM_BYTES = 400 * 1024;
/** BatchGetItem reads at most 100 items per call. */
const BATCH_GET_MAX = 100;

export interface DynamoEventStoreOptions {
  readonly clock?: Clock;
  /** Where bodies whose stored form is above `offloadAboveBytes` go; without it they must fit the item. */
  readonly bodies?: BodyStore;
  /** @default 65536 (`storage.offloadBodiesAboveBytes`) */
  readonly offloadAboveBytes?: number;
}

const dependency = (operation: string, cause: unknown) =>
  new DependencyError(`DynamoDB ${operation} failed`, { cause });

/**
 * The event table (docs/architecture.md#data-model): per event an event item written once (body
 * inside, or its S3 key) and a status item each status change rewrites; the sparse `attention`
 * index lists each source's arrivals and its dead-lettered events.
 */
export class DynamoEventStore implements EventStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly clock: Clock;
  private readonly bodies: BodyStore | undefined;
  private readonly offloadAboveBytes: number;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    options: DynamoEventStoreOptions = {},
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.clock = options.clock ?? Date.now;
    this.bodies = options.bodies;
    this.offloadAboveBytes = options.offloadAboveBytes ?? 64 * 1024;
  }

  private nowSeconds(): number {
    return Math.floor(this.clock() / 1000);
  }

  /** The event item for the put; a body over the threshold is written to the body store first. */
  private async eventItem(event: StoredEvent): Promise<Record<string, unknown>> {
    const fields = eventFieldsOf(event);
    const encoded = encodeBody(event.body);
    const { eventId: _derived, ...stored } = fields;
    const base = {
      [TABLE.partitionKey]: eventPk(event),
      ...stored,
      bodyEncoding: encoded.encoding,
      [TABLE.attentionIndex.partitionKey]: arrivalsPartition(event.sourceId),
    };
    if (this.bodies !== undefined && encoded.bytes.byteLength > this.offloadAboveBytes) {
      const bodyKey = bodyKeyOf(fields);
      // Before the record: a stored record always has its body (a retried put rewrites the same bytes).
      await this.bodies.put(bodyKey, encoded.bytes);
      return { ...base, bodyKey };
    }
    const item = { ...base, body: encoded.bytes };
    // DynamoDB would refuse the put, and the vendor would retry a 503 forever: refuse it as input.
    if (itemBytes(item) > MAX_ITEM_BYTES) {
      throw new PayloadTooLargeError(
        `body stored as ${encoded.bytes.byteLength} bytes does not fit one item`,
      );
    }
    return item;
  }

  async putIfAbsent(event: StoredEvent, nowEpochSeconds: number): Promise<PutResult> {
    const item = await this.eventItem(event);
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
            // The item that failed the condition comes back with the error: no read to find it.
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { created: true };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw dependency('PutItem', error);
        if (error.Item !== undefined) {
          const existing = parseEventFields(unmarshall(error.Item));
          // Its status is the one read a duplicate costs.
          return {
            created: false,
            existing: mergeRecord(existing, await this.readStatus(existing), nowEpochSeconds),
          };
        }
      }
      // dynalite ignores ReturnValuesOnConditionCheckFailure: read it back.
      const existing = await this.getRecord(event);
      if (existing !== undefined) return { created: false, existing };
      // Deleted between the put and the read (TTL): try the put once more.
    }
    throw new DependencyError('DynamoDB PutItem kept conflicting with a vanishing item');
  }

  private async readStatus(key: EventKey): Promise<StatusItem | undefined> {
    try {
      const { Item } = await this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { [TABLE.partitionKey]: statusPk(key) },
          ConsistentRead: true,
        }),
      );
      return Item === undefined ? undefined : parseStatusItem(Item);
    } catch (error) {
      throw dependency('GetItem', error);
    }
  }

  /** Both items of each key in one round trip (strongly consistent), by `pk`. */
  private async batchGet(pks: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
    const found = new Map<string, Record<string, unknown>>();
    for (let start = 0; start < pks.length; start += BATCH_GET_MAX) {
      let keys: Record<string, unknown>[] = pks
        .slice(start, start + BATCH_GET_MAX)
        .map((pk) => ({ [TABLE.partitionKey]: pk }));
      // Unprocessed keys (throttling) are asked for again; a few rounds, then it is a dependency failure.
      for (let round = 0; keys.length > 0; round += 1) {
        if (round === 5) throw new DependencyError('DynamoDB BatchGetItem left keys unprocessed');
        try {
          const output = await this.doc.send(
            new BatchGetCommand({
              RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } },
            }),
          );
          for (const item of output.Responses?.[this.tableName] ?? []) {
            const pk = item[TABLE.partitionKey];
            if (typeof pk === 'string') found.set(pk, item);
          }
          keys = output.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
        } catch (error) {
          throw dependency('BatchGetItem', error);
        }
      }
    }
    return found;
  }

  private async readEvent(key: EventKey): Promise<{ event: EventItem; record: EventRecord } | undefined> {
    const items = await this.batchGet([eventPk(key), statusPk(key)]);
    const eventItem = items.get(eventPk(key));
    if (eventItem === undefined) return undefined;
    const event = parseEventItem(eventItem);
    const status = items.get(statusPk(key));
    const record = mergeRecord(
      event,
      status === undefined ? undefined : parseStatusItem(status),
      this.nowSeconds(),
    );
    return { event, record };
  }

  async get(key: EventKey): Promise<StoredEvent | undefined> {
    const found = await this.readEvent(key);
    if (found === undefined) return undefined;
    const { event, record } = found;
    let stored: Uint8Array = event.body ?? new Uint8Array();
    if (event.bodyKey !== undefined) {
      if (this.bodies === undefined)
        throw new DependencyError(`body ${event.bodyKey} is in S3, no body store`);
      stored = await this.bodies.get(event.bodyKey);
    }
    return { ...record, body: decodeBody(stored, event.bodyEncoding) };
  }

  async getRecord(key: EventKey): Promise<EventRecord | undefined> {
    return (await this.readEvent(key))?.record;
  }

  async transition(
    record: EventRecord,
    from: readonly EventStatus[],
    to: EventStatus,
    changes: TransitionChanges = {},
  ): Promise<EventRecord | undefined> {
    const updatedAt = new Date(this.clock()).toISOString();
    // Nothing has written a status item yet (the usual first claim): one conditional put creates it.
    if (record.status === 'RECEIVED' && from.includes('RECEIVED')) {
      const created = await this.createStatus(record, to, changes, updatedAt);
      if (created !== undefined) return created;
    }
    return this.updateStatus(record, from, to, changes, updatedAt);
  }

  private async createStatus(
    record: EventRecord,
    to: EventStatus,
    changes: TransitionChanges,
    updatedAt: string,
  ): Promise<EventRecord | undefined> {
    const next: EventRecord = {
      ...eventFieldsOf(record),
      status: to,
      attempts: changes.incrementAttempts ? 1 : 0,
      replayCount: changes.incrementReplayCount ? 1 : 0,
      updatedAt,
    };
    const item = statusItem(next, to, updatedAt, changes.lastError);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          // Absent, or left from an expired event of the same key: this event has not moved yet.
          ConditionExpression: 'attribute_not_exists(#pk) OR #receivedAt <> :receivedAt OR #expiresAt < :now',
          ExpressionAttributeNames: {
            '#pk': TABLE.partitionKey,
            '#receivedAt': 'receivedAt',
            '#expiresAt': TABLE.ttlAttribute,
          },
          ExpressionAttributeValues: { ':receivedAt': record.receivedAt, ':now': this.nowSeconds() },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw dependency('PutItem', error);
    }
    return mergeRecord(record, parseStatusItem(item), this.nowSeconds());
  }

  private async updateStatus(
    record: EventRecord,
    from: readonly EventStatus[],
    to: EventStatus,
    changes: TransitionChanges,
    updatedAt: string,
  ): Promise<EventRecord | undefined> {
    const names: Record<string, string> = {
      '#status': 'status',
      '#updatedAt': 'updatedAt',
      '#receivedAt': 'receivedAt',
      '#attention': TABLE.attentionIndex.partitionKey,
    };
    const values: Record<string, unknown> = {
      ':to': to,
      ':updatedAt': updatedAt,
      ':receivedAt': record.receivedAt,
    };
    const set = ['#status = :to', '#updatedAt = :updatedAt'];
    from.forEach((status, index) => {
      values[`:from${index}`] = status;
    });
    if (changes.lastError !== undefined) {
      names['#lastError'] = 'lastError';
      values[':lastError'] = changes.lastError.slice(0, LAST_ERROR_MAX_LENGTH);
      set.push('#lastError = :lastError');
    }
    if (changes.incrementAttempts || changes.incrementReplayCount) values[':one'] = 1;
    if (changes.incrementAttempts) {
      names['#attempts'] = 'attempts';
      set.push('#attempts = #attempts + :one');
    }
    if (changes.incrementReplayCount) {
      names['#replayCount'] = 'replayCount';
      set.push('#replayCount = #replayCount + :one');
    }
    let remove = '';
    if (to === 'DEAD_LETTERED') {
      values[':attention'] = deadLettersPartition(record.sourceId);
      set.push('#attention = :attention');
    } else remove = ' REMOVE #attention';
    const fromList = from.map((_, index) => `:from${index}`).join(', ');
    try {
      const output = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [TABLE.partitionKey]: statusPk(record) },
          UpdateExpression: `SET ${set.join(', ')}${remove}`,
          ConditionExpression: `#receivedAt = :receivedAt AND #status IN (${fromList})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return output.Attributes === undefined
        ? undefined
        : mergeRecord(record, parseStatusItem(output.Attributes), this.nowSeconds());
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw dependency('UpdateItem', error);
    }
  }

  async listNeedingAttention(query: AttentionQuery): Promise<AttentionPage> {
    const partition =
      query.status === 'RECEIVED' ? arrivalsPartition(query.sourceId) : deadLettersPartition(query.sourceId);
    const { entries, more } = await this.queryIndex(partition, query);
    const last = entries.at(-1)?.[TABLE.attentionIndex.sortKey];
    const scannedThrough = typeof last === 'string' ? last : undefined;
    const records =
      query.status === 'RECEIVED' ? await this.unmovedArrivals(entries) : await this.recordsOf(entries);
    return {
      records: records.filter((record) => record.status === query.status),
      ...(scannedThrough === undefined ? {} : { scannedThrough }),
      more,
    };
  }

  private async queryIndex(
    partition: string,
    query: AttentionQuery,
  ): Promise<{ entries: Record<string, unknown>[]; more: boolean }> {
    const { attentionIndex } = TABLE;
    const names: Record<string, string> = { '#att': attentionIndex.partitionKey };
    const values: Record<string, unknown> = { ':att': partition };
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
    const entries: Record<string, unknown>[] = [];
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
            Limit: query.limit - entries.length,
            ExclusiveStartKey: startKey,
          }),
        );
        entries.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } catch (error) {
        throw dependency('Query', error);
      }
    } while (startKey !== undefined && entries.length < query.limit);
    return { entries, more: startKey !== undefined };
  }

  /** Arrivals carry the event's fields (the index projects them): only their status items are read. */
  private async unmovedArrivals(entries: readonly Record<string, unknown>[]): Promise<EventRecord[]> {
    const events = entries.map(parseEventFields);
    const statuses = await this.batchGet(events.map(statusPk));
    const now = this.nowSeconds();
    return events.map((event) => {
      const status = statuses.get(statusPk(event));
      return mergeRecord(event, status === undefined ? undefined : parseStatusItem(status), now);
    });
  }

  /** Dead-lettered entries are status items: their events are read alongside, oldest first kept. */
  private async recordsOf(entries: readonly Record<string, unknown>[]): Promise<EventRecord[]> {
    const keys = entries.map(parseStatusItem);
    const items = await this.batchGet(keys.flatMap((key) => [eventPk(key), statusPk(key)]));
    const now = this.nowSeconds();
    const records: EventRecord[] = [];
    for (const key of keys) {
      const event = items.get(eventPk(key));
      const status = items.get(statusPk(key));
      if (event === undefined) continue;
      records.push(
        mergeRecord(parseEventFields(event), status === undefined ? undefined : parseStatusItem(status), now),
      );
    }
    return records;
  }
}

/** The size the event's item would have with its body inside (see `itemBytes`). */
export function storedItemBytes(event: StoredEvent): number {
  const encoded = encodeBody(event.body);
  const { eventId: _derived, ...stored } = eventFieldsOf(event);
  return itemBytes({
    [TABLE.partitionKey]: eventPk(event),
    ...stored,
    bodyEncoding: encoded.encoding,
    [TABLE.attentionIndex.partitionKey]: arrivalsPartition(event.sourceId),
    body: encoded.bytes,
  });
}
