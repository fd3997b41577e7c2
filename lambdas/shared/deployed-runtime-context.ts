import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SecretsManagerSource } from './adapters/secrets-manager-source.js';
import { runtimeConfig } from './config/bundled.js';
import { functionEnv } from './config/function-env.js';
import { systemClock } from './ports.js';
import type { RuntimeContext } from './runtime-context.js';

/** The runtime context of a deployed function: bundled config, env read once, one SDK client per service. */
export function deployedRuntimeContext(): RuntimeContext {
  const env = functionEnv(['tableName', 'queueUrl', 'deadLetterQueueUrl']);
  return {
    config: runtimeConfig(),
    dynamodb: new DynamoDBClient({}),
    sqs: new SQSClient({}),
    secrets: new SecretsManagerSource(new SecretsManagerClient({})),
    tableName: env.tableName,
    queueUrl: env.queueUrl,
    deadLetterQueueUrl: env.deadLetterQueueUrl,
    clock: systemClock,
  };
}
