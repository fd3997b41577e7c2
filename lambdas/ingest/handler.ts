import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchQueueAgeGauge } from '../shared/adapters/cloudwatch-queue-age-gauge.js';
import { BackpressureGuard } from '../shared/domain/backpressure.js';
import { lambdaContext } from '../shared/lambda-context.js';
import { createIngestHandler } from './create-handler.js';
import { buildIngestDeps } from './deps.js';

// Built once per cold start.
const context = lambdaContext();
const queueName = context.queueUrl.slice(context.queueUrl.lastIndexOf('/') + 1);
const gauge = new CloudWatchQueueAgeGauge(new CloudWatchClient({}), queueName, context.clock);

export const handler = createIngestHandler({
  ...buildIngestDeps(context),
  backpressure: new BackpressureGuard(gauge, context.config.api.maxQueueAgeSeconds, context.clock),
});
