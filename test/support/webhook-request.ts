import type { APIGatewayProxyEvent } from 'aws-lambda';
import { toProxyEvent } from '../../local/api-gateway-event.js';

/** A POST /webhooks/{sourceId} proxy event as API Gateway builds it. */
export function webhookEvent(
  sourceId: string,
  headers: Record<string, string>,
  body: string | Uint8Array,
): APIGatewayProxyEvent {
  return toProxyEvent({
    method: 'POST',
    resource: '/webhooks/{sourceId}',
    path: `/webhooks/${sourceId}`,
    pathParameters: { sourceId },
    headers,
    body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
  });
}
