import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { S3BodyStore } from '../../lambdas/shared/adapters/s3-body-store.js';
import type { GatewayConfig } from '../../lambdas/shared/config/load.js';
import type { SecretSource } from '../../lambdas/shared/ports.js';
import type { RuntimeContext } from '../../lambdas/shared/runtime-context.js';
import { type LocalClients, localClients } from '../../local/aws-clients.js';
import { createLocalResources, type LocalStackResources } from '../../local/create-resources.js';
import { startDynamoEmulator } from '../../local/dynamo-emulator.js';
import { startSqsEmulator } from '../../local/sqs-emulator.js';

export interface Backends {
  readonly clients: LocalClients;
  readonly engine: string;
  /** Fresh table and queues with unique names, shaped like the stack's. */
  createResources(config: GatewayConfig): Promise<LocalStackResources>;
  /** Fresh resources and the runtime context a deployed function would build on them. */
  createContext(config: GatewayConfig, secrets?: SecretSource): Promise<RuntimeContext & LocalStackResources>;
  stop(): Promise<void>;
}

/** Secrets for functions that read none: every secret is an empty JSON object. */
const NO_SECRETS: SecretSource = { read: async () => ({ current: {} }) };

/** DynamoDB Local (or dynalite without Java) and fauxqs, reached through the real SDK clients. */
export async function startBackends(): Promise<Backends> {
  const [dynamo, sqs] = await Promise.all([startDynamoEmulator(), startSqsEmulator()]);
  const clients = localClients({ dynamodb: dynamo.endpoint, sqs: sqs.endpoint });
  const createResources = (config: GatewayConfig) => {
    const suffix = randomUUID().slice(0, 8);
    return createLocalResources(clients, config, {
      table: `events-${suffix}`,
      queue: `events-${suffix}.fifo`,
      deadLetterQueue: `events-dlq-${suffix}.fifo`,
      bodyBucket: `bodies-${suffix}`,
    });
  };
  return {
    clients,
    engine: dynamo.engine,
    createResources,
    createContext: async (config, secrets = NO_SECRETS) => {
      const resources = await createResources(config);
      return {
        config,
        dynamodb: clients.dynamodb,
        sqs: clients.sqs,
        secrets,
        ...resources,
        bodies: new S3BodyStore(clients.s3, resources.bodyBucket),
        clock: Date.now,
      };
    },
    stop: async () => {
      clients.dynamodb.destroy();
      clients.sqs.destroy();
      clients.s3.destroy();
      await Promise.all([sqs.stop(), dynamo.stop()]);
    },
  };
}

export async function countItems(clients: LocalClients, tableName: string): Promise<number> {
  const { Count } = await clients.dynamodb.send(new ScanCommand({ TableName: tableName, Select: 'COUNT' }));
  return Count ?? 0;
}

/** Visible + in-flight + delayed messages. */
export async function queueDepth(clients: LocalClients, queueUrl: string): Promise<number> {
  const { Attributes } = await clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesDelayed ?? 0)
  );
}

/** Receives until the queue answers empty (fauxqs returns one message per group per receive). */
export async function drainQueue(clients: LocalClients, queueUrl: string): Promise<Message[]> {
  const messages: Message[] = [];
  for (;;) {
    const { Messages } = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 60,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    if (Messages === undefined || Messages.length === 0) return messages;
    messages.push(...Messages);
  }
}
