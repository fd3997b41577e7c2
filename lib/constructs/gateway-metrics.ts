import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { DEFAULT_STACK_NAME } from '../../lambdas/shared/config/load.js';
import {
  DEFAULT_METRICS_NAMESPACE,
  DEFAULT_SERVICE_NAME,
  METRIC,
  REJECT_REASONS,
  type RejectReason,
} from '../../lambdas/shared/observability/names.js';

type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** Where a gateway's functions publish their metrics: Powertools' namespace and `service` dimension. */
export interface MetricNames {
  readonly namespace: string;
  readonly service: string;
}

/**
 * Named after the stack, so two gateways in one region never share a metric, an alarm dimension or
 * a dashboard graph; the default stack keeps the names the local stack uses.
 */
export function metricNamesFor(stackName: string): MetricNames {
  return stackName === DEFAULT_STACK_NAME
    ? { namespace: DEFAULT_METRICS_NAMESPACE, service: DEFAULT_SERVICE_NAME }
    : { namespace: stackName, service: stackName };
}

/**
 * A metric the functions publish with Powertools, which adds `service` to every metric's
 * dimensions; metric names come from `lambdas/shared/observability/names.ts` so a rename cannot
 * silently empty a graph or an alarm.
 */
export function gatewayMetric(
  names: MetricNames,
  metricName: MetricName,
  options: {
    dimensions?: Record<string, string>;
    statistic?: string;
    period?: Duration;
    label?: string;
  } = {},
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: names.namespace,
    metricName,
    dimensionsMap: { service: names.service, ...options.dimensions },
    statistic: options.statistic ?? cloudwatch.Stats.SUM,
    period: options.period ?? Duration.minutes(1),
    ...(options.label === undefined ? {} : { label: options.label }),
  });
}

export const rejectedMetric = (
  names: MetricNames,
  reason: RejectReason,
  period?: Duration,
): cloudwatch.Metric =>
  gatewayMetric(names, METRIC.rejected, {
    dimensions: { reason },
    ...(period === undefined ? {} : { period }),
  });

export const signatureVerifiedMetric = (
  names: MetricNames,
  key: 'current' | 'previous',
  period?: Duration,
): cloudwatch.Metric =>
  gatewayMetric(names, METRIC.signatureVerified, {
    dimensions: { key },
    ...(period === undefined ? {} : { period }),
  });

/** Graph labels only: a labelled metric makes an alarm a metric-math alarm. */
export const allRejectedMetrics = (names: MetricNames): cloudwatch.Metric[] =>
  REJECT_REASONS.map((reason) => rejectedMetric(names, reason).with({ label: `Rejected (${reason})` }));
