import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * What API Gateway hands a function: a REST API's proxy event (payload format 1.0) or an HTTP API's
 * (payload format 2.0), depending on `api.type`. The fields the functions read have the same names
 * and meaning in both; cookies, which only 2.0 separates out, are not read.
 */
export type ApiEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2;

/**
 * Header names lower-cased. REST keeps the client's case and the last value of a repeated header;
 * an HTTP API lower-cases names itself and joins a repeated header's values with commas.
 */
export function lowerCaseHeaders(event: Pick<ApiEvent, 'headers'>): Record<string, string> {
  const headers: Record<string, string> = {};
  // Typed as always present, but a test console event or a hand-made one may leave it out.
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  return headers;
}

/**
 * The exact bytes received. The REST API hands every body over base64-encoded (binaryMediaTypes
 * `*∕*`); an HTTP API base64-encodes all but text media types, which it passes as a UTF-8 string that
 * encodes back to the same bytes (docs/architecture.md#limits-and-aws-facts-the-code-relies-on).
 */
export function rawBody(event: Pick<ApiEvent, 'body' | 'isBase64Encoded'>): Uint8Array {
  if (event.body === null || event.body === undefined) return new Uint8Array();
  return new Uint8Array(Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8'));
}

/** A path parameter of the route, URL-decoded by API Gateway; empty when absent. */
export function pathParameter(event: Pick<ApiEvent, 'pathParameters'>, name: string): string {
  return event.pathParameters?.[name] ?? '';
}
