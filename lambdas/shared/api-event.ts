import type { APIGatewayProxyEvent } from 'aws-lambda';

/** Header names lower-cased (API Gateway keeps the client's case; HTTP says case does not matter). */
export function lowerCaseHeaders(event: Pick<APIGatewayProxyEvent, 'headers'>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  return headers;
}

/** The exact bytes: the REST API hands every body over base64-encoded (binaryMediaTypes `*∕*`). */
export function rawBody(event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>): Uint8Array {
  if (event.body === null || event.body === undefined) return new Uint8Array();
  return new Uint8Array(Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8'));
}
