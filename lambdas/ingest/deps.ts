import { DynamoSourceLag } from '../shared/adapters/dynamo-source-lag.js';
import { SqsEventQueue } from '../shared/adapters/sqs-event-queue.js';
import { SecretCache } from '../shared/domain/secret-cache.js';
import { commonDeps, type RuntimeContext } from '../shared/runtime-context.js';
import { BackpressureGuard } from './backpressure.js';
import type { IngestDeps } from './ingest.js';

export function buildIngestDeps(context: RuntimeContext): IngestDeps {
  return {
    ...commonDeps(context),
    queue: new SqsEventQueue(context.sqs, context.queueUrl),
    secrets: new SecretCache(context.secrets, context.clock),
    backpressure: new BackpressureGuard(
      new DynamoSourceLag(context.dynamodb, context.tableName),
      context.clock,
    ),
  };
}
