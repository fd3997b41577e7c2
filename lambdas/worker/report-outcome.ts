import { METRIC } from '../shared/observability/names.js';
import { metrics } from '../shared/observability/powertools.js';
import type { WorkerOutcome } from './process-event.js';
import type { RecordLog } from './record-log.js';

/** One log line (with the record's keys) and the metrics for an outcome; error texts only, never bodies or secrets. */
export function reportOutcome(outcome: WorkerOutcome, log: RecordLog): void {
  switch (outcome.kind) {
    case 'succeeded':
      metrics.addMetric(METRIC.succeeded, 'Count', 1);
      metrics.addMetric(METRIC.endToEndLatency, 'Milliseconds', outcome.latencyMs);
      log.info('event succeeded', { attempts: outcome.attempts, result: outcome.result });
      return;
    case 'retrying':
      metrics.addMetric(METRIC.retried, 'Count', 1);
      log.warn('event will be retried', {
        attempts: outcome.attempts,
        delaySeconds: outcome.delaySeconds,
        error: outcome.error.message,
      });
      return;
    case 'dead-lettered':
      metrics.addMetric(METRIC.deadLettered, 'Count', 1);
      log.warn('event dead-lettered', { attempts: outcome.attempts, error: outcome.error });
      return;
    case 'skipped-stale':
      metrics.addMetric(METRIC.skippedStale, 'Count', 1);
      log.info('event skipped as stale', { occurredAt: outcome.occurredAt, watermark: outcome.watermark });
      return;
    case 'already-done':
      log.info('event already handled', { status: outcome.status });
      return;
    case 'missing':
      log.warn('event record not found; message dropped');
      return;
  }
}
