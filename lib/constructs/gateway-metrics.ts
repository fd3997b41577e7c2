import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  METRIC,
  METRICS_NAMESPACE,
  REJECT_REASONS,
  type RejectReason,
  SERVICE_NAME,
} from '../../lambdas/shared/observability/names.js';

type MetricName = (typeof METRIC)[keyof typeof METRIC];

/**
 * A metric the functions publish with Powertools, which adds `service` to every metric's
 * dimensions; names come from `lambdas/shared/observability/names.ts` so a rename cannot silently
 * empty a graph or an alarm.
 */
export function gatewayMetric(
  metricName: MetricName,
  options: {
    dimensions?: Record<string, string>;
    statistic?: string;
    period?: Duration;
    label?: string;
  } = {},
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAME, ...options.dimensions },
    statistic: options.statistic ?? cloudwatch.Stats.SUM,
    period: options.period ?? Duration.minutes(1),
    ...(options.label === undefined ? {} : { label: options.label }),
  });
}

export const rejectedMetric = (reason: RejectReason, period?: Duration): cloudwatch.Metric =>
  gatewayMetric(METRIC.rejected, { dimensions: { reason }, ...(period === undefined ? {} : { period }) });

export const signatureVerifiedMetric = (key: 'current' | 'previous', period?: Duration): cloudwatch.Metric =>
  gatewayMetric(METRIC.signatureVerified, {
    dimensions: { key },
    ...(period === undefined ? {} : { period }),
  });

/** Graph labels only: a labelled metric makes an alarm a metric-math alarm. */
export const allRejectedMetrics = (): cloudwatch.Metric[] =>
  REJECT_REASONS.map((reason) => rejectedMetric(reason).with({ label: `Rejected (${reason})` }));
