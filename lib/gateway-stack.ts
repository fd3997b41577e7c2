import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import type { GatewayConfig } from '../lambdas/shared/config/load.js';
import { ENV } from '../lambdas/shared/resources.js';
import { EventPipeline } from './constructs/event-pipeline.js';
import { EventTable } from './constructs/event-table.js';
import { GatewayAlarms } from './constructs/gateway-alarms.js';
import { GatewayDashboard } from './constructs/gateway-dashboard.js';
import { GatewayFunction, type GatewayFunctionProps } from './constructs/gateway-function.js';
import { GatewaySecrets } from './constructs/gateway-secrets.js';
import { acknowledgeCustomResourceProvider, ReplayTestEvents } from './constructs/replay-test-events.js';
import { WebhookApi } from './constructs/webhook-api.js';
import { FUNCTION_ENTRIES } from './paths.js';

export interface GatewayStackProps extends StackProps {
  /** The validated gateway configuration (`gateway.config.json`). */
  readonly config: GatewayConfig;
}

/** The replay function's name: fixed, because its console test events are filed under it. */
export const replayFunctionName = (stackName: string): string => `${stackName.slice(0, 57)}-replay`;

/**
 * The whole gateway: API → ingest → table + FIFO queue → worker → DLQ, replay and its sweeper
 * schedule, the status API, secrets for the operator to fill, a dashboard and alarms.
 */
export class GatewayStack extends Stack {
  public readonly events: EventTable;
  public readonly pipeline: EventPipeline;
  public readonly secrets: GatewaySecrets;
  public readonly api: WebhookApi;
  public readonly functions: {
    readonly ingest: GatewayFunction;
    readonly status: GatewayFunction;
    readonly worker: GatewayFunction;
    readonly replay: GatewayFunction;
    readonly sweeper: GatewayFunction;
  };

  constructor(scope: Construct, id: string, props: GatewayStackProps) {
    super(scope, id, props);
    const { config } = props;
    const workerTimeout = Duration.seconds(config.worker.timeoutSeconds);

    // The construct id predates the class name: changing it would replace the (retained) table.
    this.events = new EventTable(this, 'EventStore');
    this.pipeline = new EventPipeline(this, 'EventPipeline', {
      workerTimeout,
      maxReceiveCount: config.retry.maxReceiveCount,
    });
    this.secrets = new GatewaySecrets(this, 'Secrets', { config });

    // Every function builds the same runtime context, which names the table and both queues.
    const environment = {
      [ENV.tableName]: this.events.table.tableName,
      [ENV.queueUrl]: this.pipeline.queue.queueUrl,
      [ENV.deadLetterQueueUrl]: this.pipeline.deadLetterQueue.queueUrl,
    };
    const fn = (
      name: keyof typeof FUNCTION_ENTRIES,
      description: string,
      options: Pick<GatewayFunctionProps, 'timeout' | 'functionName'> = {},
    ) =>
      new GatewayFunction(this, name.charAt(0).toUpperCase() + name.slice(1), {
        entry: FUNCTION_ENTRIES[name],
        config,
        description,
        environment,
        ...options,
      });

    const ingest = fn('ingest', 'Verifies, stores and enqueues incoming webhooks');
    this.events.grantItems(ingest, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem');
    this.pipeline.grantEnqueue(ingest);
    this.secrets.grantReadSourceSecrets(ingest);
    // Backpressure reads the queue's ApproximateAgeOfOldestMessage (cached per container).
    ingest.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['cloudwatch:GetMetricStatistics'], resources: ['*'] }),
    );
    Validations.of(ingest).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray writes and cloudwatch:GetMetricStatistics (the queue-age read for backpressure) support no resource-level permissions.',
    });

    const status = fn('status', 'Answers GET /events/{sourceId}/{idempotencyKey} for a tenant token');
    this.events.grantItems(status, 'dynamodb:GetItem');
    this.secrets.grantReadStatusSecrets(status);

    const worker = fn('worker', 'Runs the actions of queued events', { timeout: workerTimeout });
    this.events.grantItems(worker, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem');
    this.pipeline.grantConsume(worker);
    this.pipeline.grantDeadLetter(worker);
    this.secrets.grantReadJwtSecrets(worker);
    worker.function.addEventSource(
      new SqsEventSource(this.pipeline.queue, {
        batchSize: config.worker.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: config.worker.maxConcurrency,
      }),
    );

    const replayName = replayFunctionName(this.stackName);
    const replay = fn('replay', 'On-call replay: dry-run or requeue from the DLQ or the event store', {
      functionName: replayName,
      timeout: Duration.minutes(5),
    });
    const sweeper = fn('sweeper', 'Requeues events stored but never queued (every 5 minutes)', {
      timeout: Duration.minutes(2),
    });
    for (const each of [replay, sweeper]) {
      this.events.grantItems(each, 'dynamodb:GetItem', 'dynamodb:UpdateItem');
      this.events.grantQuery(each);
      this.pipeline.grantEnqueue(each);
    }
    // Replay walks the DLQ: messages it leaves are copied to the end of their group (SQS shows one
    // message per FIFO group at a time), so it also sends to the DLQ. The sweeper reads only the table.
    this.pipeline.grantDrainDeadLetters(replay);
    this.pipeline.grantDeadLetter(replay);
    new events.Rule(this, 'SweeperSchedule', {
      description: 'Runs the sweeper every 5 minutes',
      schedule: events.Schedule.rate(Duration.minutes(5)),
      targets: [new LambdaFunction(sweeper.function)],
    });
    const firstSource = config.sources[0];
    if (firstSource !== undefined) {
      new ReplayTestEvents(this, 'ReplayTestEvents', {
        functionName: replayName,
        exampleSourceId: firstSource.id,
      });
    }

    this.api = new WebhookApi(this, 'WebhookApi', {
      config,
      ingestFunction: ingest.function,
      statusFunction: status.function,
    });
    this.functions = { ingest, status, worker, replay, sweeper };

    const alarms = new GatewayAlarms(this, 'Alarms', {
      config,
      queue: this.pipeline.queue,
      deadLetterQueue: this.pipeline.deadLetterQueue,
      stage: this.api.api.deploymentStage,
      ingestFunction: ingest.function,
      workerFunction: worker.function,
    });
    const dashboard = new GatewayDashboard(this, 'Dashboard', {
      dashboardName: this.stackName,
      queue: this.pipeline.queue,
      deadLetterQueue: this.pipeline.deadLetterQueue,
      stage: this.api.api.deploymentStage,
      functions: Object.fromEntries(
        Object.entries(this.functions).map(([name, each]) => [name, each.function]),
      ),
      alarms: alarms.alarms,
    });

    acknowledgeCustomResourceProvider(this);

    new CfnOutput(this, 'ApiUrl', {
      description: 'Webhook base URL: vendors POST to <ApiUrl><sourceId>',
      value: this.api.webhookBaseUrl,
    });
    new CfnOutput(this, 'StatusApiUrl', {
      description: 'Status API base URL: GET <StatusApiUrl><sourceId>/<idempotencyKey>',
      value: this.api.statusBaseUrl,
    });
    new CfnOutput(this, 'QueueUrl', { value: this.pipeline.queue.queueUrl });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.pipeline.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'TableName', { value: this.events.table.tableName });
    new CfnOutput(this, 'DashboardName', { value: dashboard.dashboard.dashboardName });
    new CfnOutput(this, 'ReplayFunctionName', { value: replay.function.functionName });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
  }
}
