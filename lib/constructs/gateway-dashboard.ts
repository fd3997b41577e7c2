import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC } from '../../lambdas/shared/observability/names.js';
import {
  allRejectedMetrics,
  gatewayMetric,
  type MetricNames,
  rejectedMetric,
  signatureVerifiedMetric,
} from './gateway-metrics.js';
import type { ApiStageMetrics } from './webhook-api.js';

export interface GatewayDashboardProps {
  readonly dashboardName: string;
  /** Where the functions publish their metrics (the stack's own namespace). */
  readonly metricNames: MetricNames;
  readonly queue: IQueue;
  readonly deadLetterQueue: IQueue;
  /** The API stage's metrics, REST or HTTP API (`WebhookApi.stageMetrics`). */
  readonly stage: ApiStageMetrics;
  /** Graphed per function: errors, throttles, duration. */
  readonly functions: Readonly<Record<string, IFunction>>;
  /** Alarms shown as a status row at the top. */
  readonly alarms: readonly cloudwatch.IAlarm[];
}

const WIDTH = 8;
const HEIGHT = 6;

const graph = (
  title: string,
  left: cloudwatch.IMetric[],
  options: Partial<cloudwatch.GraphWidgetProps> = {},
) => new cloudwatch.GraphWidget({ title, left, width: WIDTH, height: HEIGHT, ...options });

/**
 * One dashboard for the whole gateway: what came in and why it was refused, key rotation progress,
 * queue health, what the worker did and how long it took end to end, then the functions and the API.
 */
export class GatewayDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: GatewayDashboardProps) {
    super(scope, id);
    const { queue, deadLetterQueue, stage, metricNames: names } = props;
    const maximum = { statistic: cloudwatch.Stats.MAXIMUM, period: Duration.minutes(1) };
    const sum = { statistic: cloudwatch.Stats.SUM, period: Duration.minutes(1) };
    const latency = (stat: string) =>
      gatewayMetric(names, METRIC.endToEndLatency, { statistic: stat, label: `end-to-end ${stat}` });
    const functions = Object.entries(props.functions);
    const perFunction = (metric: (fn: IFunction, label: string) => cloudwatch.IMetric) =>
      functions.map(([name, fn]) => metric(fn, name));

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24, height: 3 }),
    );
    this.dashboard.addWidgets(
      graph('Ingest by outcome', [
        gatewayMetric(names, METRIC.accepted, { label: 'Accepted' }),
        gatewayMetric(names, METRIC.duplicate, { label: 'Duplicate' }),
        gatewayMetric(names, METRIC.conflict, { label: 'Conflict' }),
        ...allRejectedMetrics(names),
      ]),
      graph('Signature failures', [
        rejectedMetric(names, 'signature').with({ label: 'Rejected (signature)' }),
        rejectedMetric(names, 'timestamp').with({ label: 'Rejected (timestamp)' }),
      ]),
      graph('Key rotation: verified with current vs previous key', [
        signatureVerifiedMetric(names, 'current').with({ label: 'current key' }),
        signatureVerifiedMetric(names, 'previous').with({ label: 'previous key' }),
      ]),
    );
    this.dashboard.addWidgets(
      graph('Queue depth and oldest message age', [queue.metricApproximateNumberOfMessagesVisible(maximum)], {
        right: [queue.metricApproximateAgeOfOldestMessage(maximum)],
        rightYAxis: { label: 'seconds', showUnits: false },
      }),
      graph('Dead-letter queue depth', [deadLetterQueue.metricApproximateNumberOfMessagesVisible(maximum)]),
      graph('Worker outcomes', [
        gatewayMetric(names, METRIC.succeeded, { label: 'Succeeded' }),
        gatewayMetric(names, METRIC.retried, { label: 'Retried' }),
        gatewayMetric(names, METRIC.deadLettered, { label: 'DeadLettered' }),
        gatewayMetric(names, METRIC.skippedStale, { label: 'SkippedStale' }),
        gatewayMetric(names, METRIC.requeued, { label: 'Requeued' }),
      ]),
    );
    this.dashboard.addWidgets(
      graph('End-to-end latency (ms)', [latency('p50'), latency('p95'), latency('p99')]),
      graph(
        'Lambda errors',
        perFunction((fn, label) => fn.metricErrors({ ...sum, label })),
      ),
      graph(
        'Lambda throttles',
        perFunction((fn, label) => fn.metricThrottles({ ...sum, label })),
      ),
    );
    this.dashboard.addWidgets(
      graph(
        'Lambda duration p95 (ms)',
        perFunction((fn, label) => fn.metricDuration({ statistic: 'p95', label })),
      ),
      graph('API 4XX / 5XX', [stage.metricClientError(sum), stage.metricServerError(sum)]),
      graph('API latency (ms)', [
        stage.metricLatency({ statistic: 'p50' }),
        stage.metricLatency({ statistic: 'p99' }),
      ]),
    );
  }
}
