import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoEventStore } from './adapters/dynamo-event-store.js';
import type { GatewayConfig } from './config/load.js';
import type { BodyStore, Clock, SecretSource } from './ports.js';

/**
 * Everything a function needs from its surroundings. On Lambda it is built from the environment
 * (`deployed-runtime-context.ts`); the local stack builds it from the emulators and the secrets file. Each
 * function turns it into its own deps with `build…Deps(context)`, so both run the same wiring.
 */
export interface RuntimeContext {
  readonly config: GatewayConfig;
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly secrets: SecretSource;
  readonly tableName: string;
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly clock: Clock;
  /**
   * Where bodies too big for the event's item live (S3). Only ingest (writes) and the worker (reads)
   * need it; without it such bodies are refused with 413.
   */
  readonly bodies?: BodyStore;
}

/** What every function's deps start from: the config, the event table and the clock. */
export function commonDeps(context: RuntimeContext) {
  return {
    config: context.config,
    store: new DynamoEventStore(context.dynamodb, context.tableName, {
      clock: context.clock,
      offloadAboveBytes: context.config.storage.offloadBodiesAboveBytes,
      ...(context.bodies === undefined ? {} : { bodies: context.bodies }),
    }),
    clock: context.clock,
  };
}
