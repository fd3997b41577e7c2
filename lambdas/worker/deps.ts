import { DynamoSourceLag } from '../shared/adapters/dynamo-source-lag.js';
import { SecretCache } from '../shared/domain/secret-cache.js';
import { commonDeps, type RuntimeContext } from '../shared/runtime-context.js';
import { DynamoWatermarkStore } from './adapters/dynamo-watermark-store.js';
import { SqsInFlightMessages } from './adapters/sqs-in-flight-messages.js';
import { LagReporter } from './lag-reporter.js';
import type { WorkerDeps } from './process-event.js';

export type { WorkerDeps } from './process-event.js';

export function buildWorkerDeps(context: RuntimeContext): WorkerDeps {
  return {
    ...commonDeps(context),
    watermarks: new DynamoWatermarkStore(context.dynamodb, context.tableName),
    messages: new SqsInFlightMessages(context.sqs, context.queueUrl, context.deadLetterQueueUrl),
    actions: {
      secrets: new SecretCache(context.secrets, context.clock),
      clock: context.clock,
      fetch: (input, init) => globalThis.fetch(input, init),
    },
    random: Math.random,
    lag: new LagReporter(
      new DynamoSourceLag(context.dynamodb, context.tableName),
      context.config.api.maxQueueAgeSeconds,
      context.clock,
    ),
  };
}
