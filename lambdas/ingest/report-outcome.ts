import { describeError } from '../shared/http.js';
import { METRIC } from '../shared/observability/names.js';
import { logger, metrics } from '../shared/observability/powertools.js';
import type { IngestOutcome } from './ingest.js';
import { alsoBy } from './metric-dimensions.js';

const OUTCOME_METRIC = {
  accepted: METRIC.accepted,
  duplicate: METRIC.duplicate,
  conflict: METRIC.conflict,
} as const;

/**
 * The invocation's one log line and its metrics for an answered delivery; the middleware prints the
 * metrics as the one EMF line after the handler returns.
 */
export function reportOutcome(outcome: IngestOutcome): void {
  logger.appendKeys({ eventId: outcome.eventId, entityId: outcome.entityId });
  logger.info(`event ${outcome.kind}`, { signingKey: outcome.signingKey, requeued: outcome.requeued });
  metrics.addMetric(OUTCOME_METRIC[outcome.kind], 'Count', 1);
  metrics.addMetric(METRIC.signatureVerified, 'Count', 1);
  alsoBy('key', outcome.signingKey);
}

/** A refused delivery: the reason goes to the log only (the caller gets a generic body). */
export function reportRejection(error: unknown): void {
  const { statusCode, reason } = describeError(error);
  if (statusCode >= 500) logger.error('ingest failed', { error });
  else
    logger.warn('request rejected', {
      statusCode,
      reason: error instanceof Error ? error.message : 'unknown',
    });
  metrics.addMetric(METRIC.rejected, 'Count', 1);
  if (reason !== undefined) alsoBy('reason', reason);
}
