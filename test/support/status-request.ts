import type { APIGatewayProxyEvent } from 'aws-lambda';
import { toProxyEvent } from '../../local/api-gateway-event.js';

/** A GET /events/{sourceId}/{idempotencyKey} proxy event as API Gateway builds it. */
export function statusRequest(
  sourceId: string,
  idempotencyKey: string,
  headers: Record<string, string> = {},
): APIGatewayProxyEvent {
  return toProxyEvent({
    method: 'GET',
    resource: '/events/{sourceId}/{idempotencyKey}',
    path: `/events/${sourceId}/${idempotencyKey}`,
    pathParameters: { sourceId, idempotencyKey },
    headers,
    body: new Uint8Array(),
  });
}

/** The Authorization header a tenant sends with its status token. */
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
