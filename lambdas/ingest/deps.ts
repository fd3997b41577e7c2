import { DynamoEventStore } from '../shared/adapters/dynamo-event-store.js';
import { DynamoSourceLag } from '../shared/adapters/dynamo-source-lag.js';
import { SqsEventQueue } from '../shared/adapters/sqs-event-queue.js';
import { SecretCache } from '../shared/domain/secret-cache.js';
import type { RuntimeContext } from '../shared/runtime-context.js';
import { BackpressureGuard } from './backpressure.js';
import type { IngestDeps } from './ingest.js';

export function buildIngestDeps(context: RuntimeContext): IngestDeps {
  return {
    config: context.config,
    store: new DynamoEventStore(context.dynamodb, context.tableName, context.clock),
    queue: new SqsEventQueue(context.sqs, context.queueUrl),
    secrets: new SecretCache(context.secrets, context.clock),
    clock: context.clock,
    backpressure: new BackpressureGuard(
      new DynamoSourceLag(context.dynamodb, context.tableName),
      context.clock,
    ),
  };
}
