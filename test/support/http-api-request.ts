import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { toHttpApiEvent } from '../../local/api-gateway-event.js';

/** A POST /webhooks/{sourceId} event as an HTTP API builds it (payload format 2.0). */
export function httpApiWebhookEvent(
  sourceId: string,
  headers: Record<string, string>,
  body: string | Uint8Array,
): APIGatewayProxyEventV2 {
  return toHttpApiEvent({
    method: 'POST',
    resource: '/webhooks/{sourceId}',
    path: `/webhooks/${sourceId}`,
    pathParameters: { sourceId },
    headers: Object.entries(headers),
    body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
  });
}

/** A GET /events/{sourceId}/{idempotencyKey} event as an HTTP API builds it (payload format 2.0). */
export function httpApiStatusEvent(
  sourceId: string,
  idempotencyKey: string,
  headers: Record<string, string> = {},
): APIGatewayProxyEventV2 {
  return toHttpApiEvent({
    method: 'GET',
    resource: '/events/{sourceId}/{idempotencyKey}',
    path: `/events/${encodeURIComponent(sourceId)}/${encodeURIComponent(idempotencyKey)}`,
    pathParameters: { sourceId, idempotencyKey },
    headers: Object.entries(headers),
    body: new Uint8Array(),
  });
}
