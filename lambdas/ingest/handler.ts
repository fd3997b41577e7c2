import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { deployedRuntimeContext } from '../shared/deployed-runtime-context.js';
import { CloudWatchQueueAgeGauge } from './adapters/cloudwatch-queue-age-gauge.js';
import { BackpressureGuard } from './backpressure.js';
import { createIngestHandler } from './create-handler.js';
import { buildIngestDeps } from './deps.js';

// Built once per cold start.
const context = deployedRuntimeContext();
const queueName = context.queueUrl.slice(context.queueUrl.lastIndexOf('/') + 1);
const gauge = new CloudWatchQueueAgeGauge(new CloudWatchClient({}), queueName, context.clock);

export const handler = createIngestHandler({
  ...buildIngestDeps(context),
  backpressure: new BackpressureGuard(gauge, context.config.api.maxQueueAgeSeconds, context.clock),
});
