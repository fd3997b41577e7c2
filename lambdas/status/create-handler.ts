import type { APIGatewayProxyResult } from 'aws-lambda';
import { type ApiEvent, lowerCaseHeaders, pathParameter } from '../shared/api-event.js';
import { describeError, errorResponse, jsonResponse } from '../shared/http.js';
import { type GatewayHandler, lambdaHandler } from '../shared/lambda-handler.js';
import { METRIC } from '../shared/observability/names.js';
import { logger, metrics } from '../shared/observability/powertools.js';
import { eventStatus, type StatusDeps } from './event-status.js';

// Statuses change; a cache between the caller and us must not serve an old one.
const NO_STORE = { 'cache-control': 'no-store' };

/** GET /events/{sourceId}/{idempotencyKey} (API Gateway REST or HTTP API proxy) → the event's safe fields. */
export function createStatusHandler(deps: StatusDeps): GatewayHandler<ApiEvent, APIGatewayProxyResult> {
  return lambdaHandler(async (event) => {
    const sourceId = pathParameter(event, 'sourceId');
    const idempotencyKey = pathParameter(event, 'idempotencyKey');
    logger.appendKeys({ sourceId });
    metrics.addMetric(METRIC.statusLookups, 'Count', 1);
    try {
      const view = await eventStatus(
        { sourceId, idempotencyKey, authorization: lowerCaseHeaders(event).authorization },
        deps,
      );
      return jsonResponse(200, view, NO_STORE);
    } catch (error) {
      const { statusCode } = describeError(error);
      if (statusCode >= 500) logger.error('status lookup failed', { error });
      else
        logger.info('status request refused', {
          statusCode,
          reason: error instanceof Error ? error.message : 'unknown',
        });
      const response = errorResponse(error);
      const challenge = statusCode === 401 ? { 'www-authenticate': 'Bearer' } : {};
      return { ...response, headers: { ...response.headers, ...NO_STORE, ...challenge } };
    }
  });
}
