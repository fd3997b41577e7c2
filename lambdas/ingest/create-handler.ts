import type { APIGatewayProxyResult } from 'aws-lambda';
import { type ApiEvent, lowerCaseHeaders, pathParameter, rawBody } from '../shared/api-event.js';
import { errorResponse, jsonResponse } from '../shared/http.js';
import { type GatewayHandler, lambdaHandler } from '../shared/lambda-handler.js';
import { logger } from '../shared/observability/powertools.js';
import { currentTraceHeader } from '../shared/observability/trace.js';
import { type IngestDeps, ingest } from './ingest.js';
import { reportOutcome, reportRejection } from './report-outcome.js';

const STATUS_CODE = { accepted: 202, duplicate: 200, conflict: 409 } as const;

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
      reportOutcome(outcome);
      return jsonResponse(STATUS_CODE[outcome.kind], { status: outcome.kind, eventId: outcome.eventId });
    } catch (error) {
      reportRejection(error);
      return errorResponse(error);
    }
  });
}
