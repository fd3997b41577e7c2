import { Annotations, ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { GatewayConfig } from '../../lambdas/shared/config/load.js';
import { type MetricNames, rejectedMetric, signatureVerifiedMetric } from './gateway-metrics.js';
import type { ApiStageMetrics } from './webhook-api.js';

/** README sections the alarm descriptions point to (GitHub heading anchors). */
export const RUNBOOK = {
  deadLetters: 'README.md#runbook-the-dlq-alarm-fired',
  queueAge: 'README.md#runbook-the-queue-is-falling-behind',
  serverErrors: 'README.md#runbook-5xx-or-ingest-errors',
  signatureFailures: 'README.md#runbook-signature-failures-spiked',
  workerThrottles: 'README.md#runbook-the-worker-is-throttled',
  workerErrors: 'README.md#runbook-the-worker-crashed-or-timed-out',
  previousKey: 'README.md#runbook-the-previous-signing-key-is-still-in-use',
} as const;

/** The id of the synth warning for a topic nobody is subscribed to. */
export const NO_ALARM_EMAIL_WARNING = 'webhook-gateway:no-alarm-email';

export interface GatewayAlarmsProps {
  readonly config: GatewayConfig;
  /** Where the functions publish their metrics (the stack's own namespace). */
  readonly metricNames: MetricNames;
  readonly queue: IQueue;
  readonly deadLetterQueue: IQueue;
  /** The API stage's metrics, REST or HTTP API (`WebhookApi.stageMetrics`). */
  readonly stage: ApiStageMetrics;
  readonly ingestFunction: IFunction;
  readonly workerFunction: IFunction;
  /**
   * Signature rejections in 5 minutes that count as a spike.
   * @default 10
   */
  readonly signatureFailureThreshold?: number;
  /**
   * API 5XX responses in 5 minutes before alarming (503s are the designed answer to a dependency outage).
   * @default 5
   */
  readonly serverErrorThreshold?: number;
}

/**
 * The alarms on-call acts on, each publishing to one SNS topic (with an e-mail subscription when
 * `observability.alarmEmail` is set) and each described with what to do and where the runbook is.
 */
export class GatewayAlarms extends Construct {
  public readonly topic: sns.Topic;
  public readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: GatewayAlarmsProps) {
    super(scope, id);
    const { observability } = props.config;

    const stack = Stack.of(this);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: `webhook-gateway alarms (${stack.stackName})`,
      enforceSSL: true,
    });
    // The TLS deny makes this a custom policy, which replaces SNS's default one: CloudWatch may
    // publish only with an explicit allow, scoped to this account's alarms (confused deputy).
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarms',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    if (observability.alarmEmail !== undefined) {
      this.topic.addSubscription(new EmailSubscription(observability.alarmEmail));
    } else {
      Annotations.of(this).addWarningV2(
        NO_ALARM_EMAIL_WARNING,
        'observability.alarmEmail is not set: the alarms publish to an SNS topic nobody is subscribed to, so nobody will be told. Set it, or subscribe on-call to the AlarmTopicArn output.',
      );
    }
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry alarm names and states only; CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key, and a customer key would be the only thing in the stack needing one.',
    });

    const fiveMinutes = Duration.minutes(5);
    const alarm = (alarmId: string, options: cloudwatch.AlarmProps): cloudwatch.Alarm =>
      new cloudwatch.Alarm(this, alarmId, {
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...options,
      });

    this.alarms = [
      alarm('DeadLetters', {
        metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          statistic: cloudwatch.Stats.MAXIMUM,
          period: Duration.minutes(1),
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        alarmDescription: `Events are in the dead-letter queue. Run the replay function with the "dry-run-dlq" test event, read lastError of the sampled events, fix the cause, then requeue. See ${RUNBOOK.deadLetters}`,
      }),
      alarm('QueueAge', {
        metric: props.queue.metricApproximateAgeOfOldestMessage({
          statistic: cloudwatch.Stats.MAXIMUM,
          period: fiveMinutes,
        }),
        threshold: observability.oldestMessageAgeAlarmSeconds,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        alarmDescription: `The oldest queued event is older than ${observability.oldestMessageAgeAlarmSeconds} s: the worker is falling behind or a downstream is slow. Check worker errors, throttles and the forward targets; ingest answers 429 for a source whose events wait longer than api.maxQueueAgeSeconds. See ${RUNBOOK.queueAge}`,
      }),
      alarm('ApiServerErrors', {
        metric: props.stage.metricServerError({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
        threshold: props.serverErrorThreshold ?? 5,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        alarmDescription: `The webhook API answered 5XX: DynamoDB, SQS or Secrets Manager is failing or the ingest function is erroring. Vendors retry, nothing is lost; read the ingest log for the failing dependency. See ${RUNBOOK.serverErrors}`,
      }),
      alarm('IngestErrors', {
        metric: props.ingestFunction.metricErrors({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        alarmDescription: `The ingest function crashed or timed out (handled failures answer 503 instead). Read its log and X-Ray traces. See ${RUNBOOK.serverErrors}`,
      }),
      alarm('SignatureFailures', {
        metric: rejectedMetric(props.metricNames, 'signature', fiveMinutes),
        threshold: props.signatureFailureThreshold ?? 10,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        alarmDescription: `Many webhooks failed signature verification: a signing secret was rotated at the vendor but not in Secrets Manager (or the reverse), or someone is probing the endpoint. Check the sourceId in the ingest log and the source's secret. See ${RUNBOOK.signatureFailures}`,
      }),
      alarm('WorkerThrottles', {
        metric: props.workerFunction.metricThrottles({
          period: fiveMinutes,
          statistic: cloudwatch.Stats.SUM,
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        alarmDescription: `The worker was throttled: the account's Lambda concurrency is exhausted or below worker.maxConcurrency. Raise the account limit or lower worker.maxConcurrency. See ${RUNBOOK.workerThrottles}`,
      }),
      alarm('WorkerErrors', {
        metric: props.workerFunction.metricErrors({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        alarmDescription: `The worker function crashed or timed out (a failed action is reported per record instead): the batch comes back after the visibility timeout, and on the last receive SQS moves it to the dead-letter queue without a recorded error. Read the worker log and X-Ray traces. See ${RUNBOOK.workerErrors}`,
      }),
      alarm('PreviousKeyInUse', {
        metric: signatureVerifiedMetric(props.metricNames, 'previous', Duration.hours(1)),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 24,
        datapointsToAlarm: 12,
        alarmDescription: `A vendor kept signing with the previous key in 12 of the last 24 hours: its rotation did not complete. Once rotationWindowHours pass those webhooks fail with 401. Update the secret at the vendor (or in Secrets Manager). See ${RUNBOOK.previousKey}`,
      }),
    ];

    const action = new SnsAction(this.topic);
    for (const each of this.alarms) {
      each.addAlarmAction(action);
      each.addOkAction(action);
    }
  }
}
