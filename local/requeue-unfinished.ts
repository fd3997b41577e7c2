import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { DynamoEventStore } from '../lambdas/shared/adapters/dynamo-event-store.js';
import { SqsEventQueue } from '../lambdas/shared/adapters/sqs-event-queue.js';
import type { GatewayConfig } from '../lambdas/shared/config/load.js';
import type { EventRecord, EventStatus } from '../lambdas/shared/domain/event.js';
import { queuedEventOf } from '../lambdas/shared/domain/ids.js';
import { TABLE } from '../lambdas/shared/resources.js';

/** States in which an event still expects a queue message; DEAD_LETTERED waits for a replay instead. */
export const UNFINISHED_STATUSES: readonly EventStatus[] = ['RECEIVED', 'QUEUED', 'RETRYING', 'PROCESSING'];

export type UnfinishedEvent = Pick<
  EventRecord,
  'eventId' | 'sourceId' | 'idempotencyKey' | 'entityId' | 'receivedAt' | 'status' | 'replayCount'
>;

/** Oldest first, so each FIFO group gets its events back in arrival order. */
export const inArrivalOrder = <E extends UnfinishedEvent>(events: readonly E[]): E[] =>
  [...events].sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0));

/**
 * The events to put back, oldest first. A paused source's RECEIVED events were never queued on
 * purpose: they stay stored until the source is unpaused, restart or not.
 */
export const toRequeue = <E extends UnfinishedEvent>(
  events: readonly E[],
  config: Pick<GatewayConfig, 'sources'>,
): E[] => {
  const paused = new Set(config.sources.filter((source) => source.paused).map((source) => source.id));
  return inArrivalOrder(
    events.filter((event) => !(event.status === 'RECEIVED' && paused.has(event.sourceId))),
  );
};

const keySchema = z.object({ sourceId: z.string(), idempotencyKey: z.string() });

/** Every event's record: a scan for the event items' keys, then each record (local volumes only). */
async function scanUnfinished(
  doc: DynamoDBDocumentClient,
  store: DynamoEventStore,
  tableName: string,
): Promise<EventRecord[]> {
  const events: EventRecord[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'begins_with(#pk, :event)',
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
        ExpressionAttributeValues: { ':event': 'EVENT#' },
        ProjectionExpression: 'sourceId, idempotencyKey',
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const record = await store.getRecord(keySchema.parse(item));
      if (record !== undefined && UNFINISHED_STATUSES.includes(record.status)) events.push(record);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return events;
}

/**
 * fauxqs keeps its queues in memory, DynamoDB keeps the events on disk: after a restart, events that
 * were waiting for (or in) the worker have no message any more. This puts one back for each, oldest
 * first. A local-only scan: the deployed stack's queues are durable and never need it.
 */
export async function requeueUnfinished(
  clients: { readonly dynamodb: DynamoDBClient; readonly sqs: SQSClient },
  resources: { readonly tableName: string; readonly queueUrl: string },
  config: Pick<GatewayConfig, 'sources'>,
): Promise<number> {
  const doc = DynamoDBDocumentClient.from(clients.dynamodb);
  const store = new DynamoEventStore(clients.dynamodb, resources.tableName);
  const events = toRequeue(await scanUnfinished(doc, store, resources.tableName), config);
  const queue = new SqsEventQueue(clients.sqs, resources.queueUrl);
  for (const event of events) {
    await queue.send(queuedEventOf(event));
    // Queued now: the sweeper must not queue it a second time.
    if (event.status === 'RECEIVED') await store.transition(event, ['RECEIVED'], 'QUEUED');
  }
  return events.length;
}
