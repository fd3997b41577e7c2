import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { DynamoEventStore } from '../lambdas/shared/adapters/dynamo-event-store.js';
import { SqsEventQueue } from '../lambdas/shared/adapters/sqs-event-queue.js';
import type { GatewayConfig } from '../lambdas/shared/config/load.js';
import type { EventStatus } from '../lambdas/shared/domain/event.js';
import { deduplicationIdOf, groupIdOf } from '../lambdas/shared/domain/ids.js';
import { TABLE } from '../lambdas/shared/resources.js';

/** States in which an event still expects a queue message; DEAD_LETTERED waits for a replay instead. */
export const UNFINISHED_STATUSES: readonly EventStatus[] = ['RECEIVED', 'QUEUED', 'RETRYING', 'PROCESSING'];

const unfinishedSchema = z.object({
  eventId: z.string(),
  sourceId: z.string(),
  idempotencyKey: z.string(),
  entityId: z.string(),
  receivedAt: z.string(),
  status: z.string(),
  replayCount: z.number(),
});
export type UnfinishedEvent = z.infer<typeof unfinishedSchema>;

/** Oldest first, so each FIFO group gets its events back in arrival order. */
export const inArrivalOrder = (events: readonly UnfinishedEvent[]): UnfinishedEvent[] =>
  [...events].sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0));

/**
 * The events to put back, oldest first. A paused source's RECEIVED events were never queued on
 * purpose: they stay stored until the source is unpaused, restart or not.
 */
export const toRequeue = (
  events: readonly UnfinishedEvent[],
  config: Pick<GatewayConfig, 'sources'>,
): UnfinishedEvent[] => {
  const paused = new Set(config.sources.filter((source) => source.paused).map((source) => source.id));
  return inArrivalOrder(
    events.filter((event) => !(event.status === 'RECEIVED' && paused.has(event.sourceId))),
  );
};

async function scanUnfinished(doc: DynamoDBDocumentClient, tableName: string): Promise<UnfinishedEvent[]> {
  const events: UnfinishedEvent[] = [];
  const statusValues = Object.fromEntries(UNFINISHED_STATUSES.map((status, index) => [`:s${index}`, status]));
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: `begins_with(#pk, :event) AND #status IN (${Object.keys(statusValues).join(', ')})`,
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#status': 'status' },
        ExpressionAttributeValues: { ':event': 'EVENT#', ...statusValues },
        ProjectionExpression: 'eventId, sourceId, idempotencyKey, entityId, receivedAt, #status, replayCount',
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) events.push(unfinishedSchema.parse(item));
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
  const events = toRequeue(await scanUnfinished(doc, resources.tableName), config);
  const queue = new SqsEventQueue(clients.sqs, resources.queueUrl);
  const store = new DynamoEventStore(clients.dynamodb, resources.tableName);
  for (const event of events) {
    await queue.send({
      eventId: event.eventId,
      sourceId: event.sourceId,
      idempotencyKey: event.idempotencyKey,
      replayCount: event.replayCount,
      groupId: groupIdOf(event.sourceId, event.entityId),
      deduplicationId: deduplicationIdOf(event, event.replayCount),
    });
    // Queued now: the sweeper must not queue it a second time.
    if (event.status === 'RECEIVED') await store.transition(event, ['RECEIVED'], 'QUEUED');
  }
  return events.length;
}
