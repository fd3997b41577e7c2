import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { BucketAlreadyOwnedByYou, CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { GatewayConfig } from '../lambdas/shared/config/load.js';
import { QUEUE, TABLE } from '../lambdas/shared/resources.js';
import type { LocalClients } from './aws-clients.js';

/** The local stack's table, queue and bucket names; a deployed stack lets CloudFormation name them. */
export const LOCAL_NAMES = {
  table: 'webhook-gateway-events',
  queue: 'webhook-gateway-events.fifo',
  deadLetterQueue: 'webhook-gateway-events-dlq.fifo',
  bodyBucket: 'webhook-gateway-bodies',
} as const;

export interface ResourceNames {
  readonly table: string;
  readonly queue: string;
  readonly deadLetterQueue: string;
  /** @default LOCAL_NAMES.bodyBucket */
  readonly bodyBucket?: string;
}

export interface LocalResources {
  readonly tableName: string;
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
}

/** The resources and the bodies bucket, which only functions given a body store use. */
export interface LocalStackResources extends LocalResources {
  readonly bodyBucket: string;
}

/** The events table with its attention index, as the stack defines it; waits until it is active. */
export async function createEventsTable(dynamodb: DynamoDBClient, tableName: string): Promise<void> {
  const { partitionKey, attentionIndex } = TABLE;
  try {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: partitionKey, AttributeType: 'S' },
          { AttributeName: attentionIndex.partitionKey, AttributeType: 'S' },
          { AttributeName: attentionIndex.sortKey, AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: partitionKey, KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: attentionIndex.name,
            KeySchema: [
              { AttributeName: attentionIndex.partitionKey, KeyType: 'HASH' },
              { AttributeName: attentionIndex.sortKey, KeyType: 'RANGE' },
            ],
            Projection: {
              ProjectionType: 'INCLUDE',
              NonKeyAttributes: [...attentionIndex.projectedAttributes],
            },
          },
        ],
      }),
    );
  } catch (error) {
    // A persisted local state already has the table.
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  for (let i = 0; i < 100; i += 1) {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The bodies bucket on fauxqs. Created again on every start: fauxqs keeps buckets and objects in
 * memory only. The lifecycle expiry the stack sets has no local counterpart.
 */
export async function createBodyBucket(clients: LocalClients, bucket: string): Promise<void> {
  try {
    await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    // S3 answers this for a second create by the same owner outside us-east-1; fauxqs answers 200.
    if (!(error instanceof BucketAlreadyOwnedByYou)) throw error;
  }
}

async function createQueue(clients: LocalClients, name: string, attributes: Record<string, string>) {
  const { QueueUrl } = await clients.sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  if (QueueUrl === undefined) throw new Error(`queue ${name} was not created`);
  return QueueUrl;
}

/**
 * Creates the table, queues and bodies bucket on the emulators with the shape the stack deploys (lib/
 * reads the same constants): FIFO, high-throughput, visibility 6× the worker timeout, redrive to a FIFO
 * DLQ. Each step leaves what exists alone, so a restart on kept state creates only what is missing.
 */
export async function createLocalResources(
  clients: LocalClients,
  config: GatewayConfig,
  names: ResourceNames = LOCAL_NAMES,
): Promise<LocalStackResources> {
  await createEventsTable(clients.dynamodb, names.table);
  const fifo = {
    FifoQueue: 'true',
    ContentBasedDeduplication: 'false',
    DeduplicationScope: 'messageGroup',
    FifoThroughputLimit: 'perMessageGroupId',
  };
  const deadLetterQueueUrl = await createQueue(clients, names.deadLetterQueue, {
    ...fifo,
    MessageRetentionPeriod: String(QUEUE.deadLetterRetentionSeconds),
  });
  const { Attributes } = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queueUrl = await createQueue(clients, names.queue, {
    ...fifo,
    MessageRetentionPeriod: String(QUEUE.retentionSeconds),
    VisibilityTimeout: String(QUEUE.visibilityTimeoutSeconds(config.worker.timeoutSeconds)),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: Attributes?.QueueArn,
      maxReceiveCount: config.retry.maxReceiveCount,
    }),
  });
  const bodyBucket = names.bodyBucket ?? LOCAL_NAMES.bodyBucket;
  await createBodyBucket(clients, bodyBucket);
  return { tableName: names.table, queueUrl, deadLetterQueueUrl, bodyBucket };
}
