import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../shared/observability/names.js';

// One long-lived Metrics per dimension value: `singleMetric()` would build (and read the environment
// for) a new instance on every request.
const counters = new Map<string, Metrics>();

/** Counts one `metric` with the extra dimension `name=value` (besides `service`) and publishes it. */
export function countWithDimension(metric: string, name: string, value: string): void {
  const key = `${metric}|${name}|${value}`;
  let counter = counters.get(key);
  if (counter === undefined) {
    counter = new Metrics({
      namespace: METRICS_NAMESPACE,
      serviceName: SERVICE_NAME,
      defaultDimensions: { [name]: value },
    });
    counters.set(key, counter);
  }
  counter.addMetric(metric, 'Count', 1);
  counter.publishStoredMetrics();
}
