import type { APIGatewayProxyResult } from 'aws-lambda';
import { type ApiEvent, lowerCaseHeaders, pathParameter, rawBody } from '../shared/api-event.js';
import { describeError, errorResponse, jsonResponse } from '../shared/http.js';
import { type GatewayHandler, lambdaHandler } from '../shared/lambda-handler.js';
import { METRIC } from '../shared/observability/names.js';
import { logger, metrics } from '../shared/observability/powertools.js';
import { currentTraceHeader } from '../shared/observability/trace.js';
import { type IngestDeps, ingest } from './ingest.js';
import { alsoBy } from './metric-dimensions.js';

const STATUS_CODE = { accepted: 202, duplicate: 200, conflict: 409 } as const;
const OUTCOME_METRIC = {
  accepted: METRIC.accepted,
  duplicate: METRIC.duplicate,
  conflict: METRIC.conflict,
} as const;

/**
 * API Gateway proxy event (REST or HTTP API) → ingest → HTTP response; the local stack uses the same
 * factory.
 */
export function createIngestHandler(deps: IngestDeps): GatewayHandler<ApiEvent, APIGatewayProxyResult> {
  return lambdaHandler(async (event) => {
    const sourceId = pathParameter(event, 'sourceId');
    logger.appendKeys({ sourceId });
    try {
      const traceHeader = currentTraceHeader();
      const outcome = await ingest(
        {
          sourceId,
          headers: lowerCaseHeaders(event),
          body: rawBody(event),
          ...(traceHeader === undefined ? {} : { traceHeader }),
        },
        deps,
      );
      logger.appendKeys({ eventId: outcome.eventId, entityId: outcome.entityId });
      logger.info(`event ${outcome.kind}`, { signingKey: outcome.signingKey, requeued: outcome.requeued });
      metrics.addMetric(OUTCOME_METRIC[outcome.kind], 'Count', 1);
      metrics.addMetric(METRIC.signatureVerified, 'Count', 1);
      alsoBy('key', outcome.signingKey);
      return jsonResponse(STATUS_CODE[outcome.kind], { status: outcome.kind, eventId: outcome.eventId });
    } catch (error) {
      const { statusCode, reason } = describeError(error);
      if (statusCode >= 500) logger.error('ingest failed', { error });
      else
        logger.warn('request rejected', {
          statusCode,
          reason: error instanceof Error ? error.message : 'unknown',
        });
      metrics.addMetric(METRIC.rejected, 'Count', 1);
      if (reason !== undefined) alsoBy('reason', reason);
      return errorResponse(error);
    }
  });
}
