import { createHash } from 'node:crypto';
import { Annotations, CfnOutput, Duration, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { type GatewayConfig, secretPrefixFor } from '../lambdas/shared/config/load.js';
import { ConfigError } from '../lambdas/shared/errors.js';
import { ENV } from '../lambdas/shared/resources.js';
import { BodyBucket } from './constructs/body-bucket.js';
import { EventPipeline } from './constructs/event-pipeline.js';
import { EventTable } from './constructs/event-table.js';
import { GatewayAlarms } from './constructs/gateway-alarms.js';
import { GatewayDashboard } from './constructs/gateway-dashboard.js';
import { GatewayFunction, type GatewayFunctionProps } from './constructs/gateway-function.js';
import { GatewayKey } from './constructs/gateway-key.js';
import { metricNamesFor } from './constructs/gateway-metrics.js';
import { GatewaySecrets } from './constructs/gateway-secrets.js';
import { acknowledgeCustomResourceProvider, ReplayTestEvents } from './constructs/replay-test-events.js';
import { WebhookApi } from './constructs/webhook-api.js';
import { acknowledgeControlTowerExemptions } from './control-tower.js';
import { assertDeployable } from './deploy-checks.js';
import { FUNCTION_ENTRIES } from './paths.js';

export interface GatewayStackProps extends StackProps {
  /**
   * The validated gateway configuration (`gateway.config.json`), loaded for this stack's name
   * (`loadConfigFile(path, { stackName })`) so its default secret names are the stack's own.
   */
  readonly config: GatewayConfig;
}

/** The replay function's name: fixed, because its console test events are filed under it. */
export const replayFunctionName = (stackName: string): string => `${stackName.slice(0, 57)}-replay`;

/** Tag on every resource, naming the gateway it belongs to. */
export const STACK_TAG = 'webhook-gateway:stack';

/** The id of the synth warning for a worker that may take most of an account's concurrency. */
export const INGEST_NOT_RESERVED_WARNING = 'webhook-gateway:ingest-not-reserved';

/** CloudFormation accepts at most 200 outputs per stack. */
const MAX_OUTPUTS = 200;

/**
 * The whole gateway: API → ingest → table + FIFO queue → worker → DLQ, replay and its sweeper
 * schedule, the status API, secrets for the operator to fill, a dashboard and alarms.
 */
export class GatewayStack extends Stack {
  public readonly events: EventTable;
  public readonly bodies: BodyBucket;
  public readonly pipeline: EventPipeline;
  public readonly secrets: GatewaySecrets;
  public readonly api: WebhookApi;
  public readonly alarms: GatewayAlarms;
  /** Undefined unless `deployment.customerManagedKey` is on. */
  public readonly key: GatewayKey | undefined;
  public readonly functions: {
    readonly ingest: GatewayFunction;
    readonly status: GatewayFunction;
    readonly worker: GatewayFunction;
    readonly replay: GatewayFunction;
    readonly sweeper: GatewayFunction;
  };

  constructor(scope: Construct, id: string, props: GatewayStackProps) {
    const { config } = props;
    const { deployment } = config;
    super(scope, id, { terminationProtection: deployment.terminationProtection, ...props });
    if (config.secretPrefix !== secretPrefixFor(this.stackName)) {
      throw new ConfigError(
        `the config's default secret names start with "${config.secretPrefix}/" but this stack's start with "${secretPrefixFor(this.stackName)}/": load it with { stackName: "${this.stackName}" }`,
      );
    }
    assertDeployable(config);

    Tags.of(this).add(STACK_TAG, this.stackName);
    for (const [key, value] of Object.entries(deployment.tags)) Tags.of(this).add(key, value);

    const workerTimeout = Duration.seconds(config.worker.timeoutSeconds);
    const metricNames = metricNamesFor(this.stackName);
    this.key = deployment.customerManagedKey ? new GatewayKey(this, 'Key') : undefined;
    const encryptionKey = this.key?.key;
    const withKey = encryptionKey === undefined ? {} : { encryptionKey };

    // The construct id predates the class name: changing it would replace the (retained) table.
    this.events = new EventTable(this, 'EventStore', { capacity: deployment.table, ...withKey });
    this.bodies = new BodyBucket(this, 'Bodies', { retentionDays: config.retentionDays, ...withKey });
    new CfnOutput(this, 'BodyBucketName', {
      description:
        'Bodies too big for their event item, kept as objects under bodies/ (kept when the stack is deleted)',
      value: this.bodies.bucket.bucketName,
    });
    this.pipeline = new EventPipeline(this, 'EventPipeline', {
      workerTimeout,
      maxReceiveCount: config.retry.maxReceiveCount,
      ...withKey,
    });
    this.secrets = new GatewaySecrets(this, 'Secrets', { config, ...withKey });

    // Every function builds the same runtime context, which names the table, both queues and the bucket.
    // The event store keeps each event's status in a small item of its own, which every function
    // reads together with the record (BatchGetItem).
    const environment = {
      [ENV.tableName]: this.events.table.tableName,
      [ENV.queueUrl]: this.pipeline.queue.queueUrl,
      [ENV.deadLetterQueueUrl]: this.pipeline.deadLetterQueue.queueUrl,
      [ENV.bodyBucket]: this.bodies.bucket.bucketName,
    };
    const fn = (
      name: keyof typeof FUNCTION_ENTRIES,
      description: string,
      options: Pick<
        GatewayFunctionProps,
        'timeout' | 'functionName' | 'reservedConcurrentExecutions' | 'memorySize'
      > = {},
    ) =>
      new GatewayFunction(this, name.charAt(0).toUpperCase() + name.slice(1), {
        entry: FUNCTION_ENTRIES[name],
        config,
        description,
        environment,
        metricNames,
        ...(encryptionKey === undefined ? {} : { logEncryptionKey: encryptionKey }),
        ...options,
      });

    const ingest = fn(
      'ingest',
      'Verifies, stores and enqueues incoming webhooks',
      deployment.ingestReservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: deployment.ingestReservedConcurrency },
    );
    this.events.grantItems(
      ingest,
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:BatchGetItem',
      'dynamodb:UpdateItem',
    );
    // A large body is written before the record that points at it.
    this.bodies.grantPutBodies(ingest);
    this.pipeline.grantEnqueue(ingest);
    // Backpressure reads the source's lag mark, an item of the same table (GetItem above).
    this.secrets.grantReadSourceSecrets(ingest);

    const status = fn('status', 'Answers GET /events/{sourceId}/{idempotencyKey} for a tenant token');
    this.events.grantItems(status, 'dynamodb:GetItem', 'dynamodb:BatchGetItem');
    this.secrets.grantReadStatusSecrets(status);

    const worker = fn('worker', 'Runs the actions of queued events', {
      timeout: workerTimeout,
      memorySize: config.worker.memoryMB,
    });
    this.events.grantItems(
      worker,
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    );
    this.bodies.grantReadBodies(worker);
    this.pipeline.grantConsume(worker);
    this.pipeline.grantDeadLetter(worker);
    this.secrets.grantReadJwtSecrets(worker);
    // A plain mapping: SqsEventSource would also grant the queue's whole consume set (GetQueueUrl too).
    worker.function.addEventSourceMapping('QueueMapping', {
      eventSourceArn: this.pipeline.queue.queueArn,
      batchSize: config.worker.batchSize,
      reportBatchItemFailures: true,
      maxConcurrency: config.worker.maxConcurrency,
    });

    const replayName = replayFunctionName(this.stackName);
    const replay = fn('replay', 'On-call replay: dry-run or requeue from the DLQ or the event store', {
      functionName: replayName,
      timeout: Duration.minutes(5),
    });
    const sweeper = fn('sweeper', 'Requeues events stored but never queued (every 5 minutes)', {
      timeout: Duration.minutes(2),
    });
    for (const each of [replay, sweeper]) {
      this.events.grantItems(
        each,
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      );
      this.events.grantQueryAttention(each);
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
      ...(encryptionKey === undefined ? {} : { logEncryptionKey: encryptionKey }),
    });
    this.functions = { ingest, status, worker, replay, sweeper };

    this.alarms = new GatewayAlarms(this, 'Alarms', {
      config,
      metricNames,
      queue: this.pipeline.queue,
      deadLetterQueue: this.pipeline.deadLetterQueue,
      stage: this.api.stageMetrics,
      ingestFunction: ingest.function,
      workerFunction: worker.function,
    });
    const dashboard = new GatewayDashboard(this, 'Dashboard', {
      dashboardName: this.stackName,
      metricNames,
      queue: this.pipeline.queue,
      deadLetterQueue: this.pipeline.deadLetterQueue,
      stage: this.api.stageMetrics,
      functions: Object.fromEntries(
        Object.entries(this.functions).map(([name, each]) => [name, each.function]),
      ),
      alarms: this.alarms.alarms,
    });

    if (
      deployment.ingestReservedConcurrency === undefined &&
      config.worker.maxConcurrency > deployment.accountConcurrencyLimit / 2
    ) {
      Annotations.of(this).addWarningV2(
        INGEST_NOT_RESERVED_WARNING,
        `worker.maxConcurrency (${config.worker.maxConcurrency}) may take more than half of the account's ${deployment.accountConcurrencyLimit} concurrent executions, and the ingest function has none reserved: a backlog can starve it (vendors then see 429/5XX). Set deployment.ingestReservedConcurrency.`,
      );
    }

    acknowledgeCustomResourceProvider(this);
    acknowledgeControlTowerExemptions(this);

    new CfnOutput(this, 'ApiUrl', {
      description: 'Webhook base URL: vendors POST to <ApiUrl><sourceId>',
      value: this.api.webhookBaseUrl,
    });
    new CfnOutput(this, 'StatusApiUrl', {
      description: 'Status API base URL: GET <StatusApiUrl><sourceId>/<idempotencyKey>',
      value: this.api.statusBaseUrl,
    });
    if (this.api.customDomainTarget !== undefined) {
      new CfnOutput(this, 'CustomDomainTarget', {
        description:
          'Point the custom domain here (CNAME or alias) when the stack manages no Route 53 record',
        value: this.api.customDomainTarget,
      });
    }
    new CfnOutput(this, 'QueueUrl', { value: this.pipeline.queue.queueUrl });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.pipeline.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'TableName', { value: this.events.table.tableName });
    new CfnOutput(this, 'DashboardName', { value: dashboard.dashboard.dashboardName });
    new CfnOutput(this, 'ReplayFunctionName', { value: replay.function.functionName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    this.addSourceOutputs(config);
  }

  /**
   * Per source, the URL to give the vendor and the secret to fill in. A config with more sources
   * than CloudFormation has outputs for gets a warning instead (each URL is `<ApiUrl><sourceId>`).
   */
  private addSourceOutputs(config: GatewayConfig): void {
    const existing = this.node.children.filter((child) => child instanceof CfnOutput).length;
    if (existing + 2 * config.sources.length > MAX_OUTPUTS) {
      Annotations.of(this).addWarningV2(
        'webhook-gateway:no-source-outputs',
        `${config.sources.length} sources need more stack outputs than CloudFormation allows: no per-source outputs; each source's URL is <ApiUrl><sourceId>.`,
      );
      return;
    }
    const ids = outputIds(config.sources.map((source) => source.id));
    config.sources.forEach((source, index) => {
      const outputId = ids[index] ?? source.id;
      new CfnOutput(this, `${outputId}WebhookUrl`, {
        description: `Give this URL to the vendor of source ${source.id}`,
        value: `${this.api.webhookBaseUrl}${source.id}`,
      });
      new CfnOutput(this, `${outputId}SecretName`, {
        description: `Put the vendor's signing secret of source ${source.id} here: {"signingSecret": "…"}`,
        value: source.secretName,
      });
    });
  }
}

/**
 * Output ids from source ids (`stripe-acme` → `StripeAcme`); ids that would collide (`a-b`, `a--b`)
 * get a short digest of the source id.
 */
function outputIds(sourceIds: readonly string[]): string[] {
  const pascal = (id: string) =>
    id
      .split('-')
      .filter((part) => part !== '')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join('');
  const counts = new Map<string, number>();
  for (const id of sourceIds) counts.set(pascal(id), (counts.get(pascal(id)) ?? 0) + 1);
  return sourceIds.map((id) => {
    const base = `Source${pascal(id)}`;
    return (counts.get(pascal(id)) ?? 0) > 1
      ? `${base}${createHash('sha256').update(id).digest('hex').slice(0, 8)}`
      : base;
  });
}
