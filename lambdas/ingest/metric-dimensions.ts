import { metrics } from '../shared/observability/powertools.js';

/**
 * Publishes the invocation's metrics under the service alone and under service + `name=value`, in
 * the one EMF line the middleware writes (a second Metrics instance would print a second line per
 * request). The dashboard and alarms read the totals by service, and `SignatureVerified` by `key`,
 * `Rejected` by `reason`.
 */
export function alsoBy(name: string, value: string): void {
  metrics.addDimensions({});
  metrics.addDimensions({ [name]: value });
}
