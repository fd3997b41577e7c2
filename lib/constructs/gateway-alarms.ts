import { Duration, Validations } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { GatewayConfig } from '../../lambdas/shared/config/load.js';
import { rejectedMetric, signatureVerifiedMetric } from './gateway-metrics.js';

/** README sections the alarm descriptions point to (GitHub heading anchors). */
export const RUNBOOK = {
  deadLetters: 'README.md#runbook-the-dlq-alarm-fired',
  queueAge: 'README.md#runbook-the-queue-is-falling-behind',
  serverErrors: 'README.md#runbook-5xx-or-ingest-errors',
  signatureFailures: 'README.md#runbook-signature-failures-spiked',
  workerThrottles: 'README.md#runbook-the-worker-is-throttled',
  previousKey: 'README.md#runbook-the-previous-signing-key-is-still-in-use',
} as const;

export interface GatewayAlarmsProps {
  readonly config: GatewayConfig;
  readonly queue: IQueue;
  readonly deadLetterQueue: IQueue;
  readonly stage: Stage;
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

    this.topic = new sns.Topic(this, 'Topic', { displayName: 'webhook-gateway alarms', enforceSSL: true });
    if (observability.alarmEmail !== undefined) {
      this.topic.addSubscription(new EmailSubscription(observability.alarmEmail));
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
        alarmDescription: `The oldest queued event is older than ${observability.oldestMessageAgeAlarmSeconds} s: the worker is falling behind or a downstream is slow. Check worker errors, throttles and the forward targets; ingest sheds load (429) past api.maxQueueAgeSeconds. See ${RUNBOOK.queueAge}`,
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
        metric: rejectedMetric('signature', fiveMinutes),
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
      alarm('PreviousKeyInUse', {
        metric: signatureVerifiedMetric('previous', Duration.hours(1)),
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
