import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { mediaTypeOf } from '../lambdas/shared/domain/payload.js';
import type { HeaderPair } from './routes.js';

export interface ProxyRequest {
  readonly method: string;
  /** The route template, e.g. `/webhooks/{sourceId}`. */
  readonly resource: string;
  readonly path: string;
  readonly pathParameters: Record<string, string>;
  /** Header names as the client sent them (API Gateway keeps their case). */
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
  readonly sourceIp?: string;
}

/**
 * The event API Gateway's REST proxy integration hands to Lambda. With `binaryMediaTypes: ['*∕*']`
 * every body arrives base64-encoded, so the handler sees the exact bytes the vendor signed.
 */
export function toProxyEvent(request: ProxyRequest): APIGatewayProxyEvent {
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) multiValueHeaders[name] = [value];
  const hasBody = request.body.byteLength > 0;
  return {
    resource: request.resource,
    path: request.path,
    httpMethod: request.method,
    headers: { ...request.headers },
    multiValueHeaders,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { ...request.pathParameters },
    stageVariables: null,
    body: hasBody ? Buffer.from(request.body).toString('base64') : null,
    isBase64Encoded: hasBody,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: request.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp ?? '127.0.0.1',
        user: null,
        userAgent: request.headers['user-agent'] ?? null,
        userArn: null,
      },
      path: `/local${request.path}`,
      stage: 'local',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: request.resource,
    },
  };
}

export interface HttpApiRequest extends Omit<ProxyRequest, 'headers'> {
  /** Headers in the order received, names as the client sent them, repeated headers included. */
  readonly headers: readonly HeaderPair[];
}

/**
 * Media types an HTTP API hands to Lambda as text; every other body, a missing content type and
 * form bodies included, arrives base64-encoded (docs/architecture.md#limits-and-aws-facts-the-code-relies-on).
 */
export function isHttpApiTextMediaType(contentType: string | undefined): boolean {
  const mediaType = mediaTypeOf(contentType);
  return (
    mediaType.startsWith('text/') ||
    ['application/json', 'application/xml', 'application/javascript'].includes(mediaType)
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `requestContext.time` as API Gateway writes it: `12/Mar/2020:19:03:58 +0000`. */
function clfTime(epochMs: number): string {
  const date = new Date(epochMs);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * The event an HTTP API's Lambda proxy integration (payload format 2.0, stage `$default`) hands to
 * Lambda: header names lower-cased and a repeated header's values joined with commas, cookies moved
 * to `cookies`, the path URL-decoded in `rawPath`, and the body as text for text media types and
 * base64-encoded for the rest. Bytes that are not UTF-8 under a text type are replaced: AWS does not
 * say what it does with them, and this is the worst it could do (a JSON string cannot carry them).
 */
export function toHttpApiEvent(request: HttpApiRequest): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [rawName, value] of request.headers) {
    const name = rawName.toLowerCase();
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((cookie) => cookie.trim())
          .filter((cookie) => cookie !== ''),
      );
      continue;
    }
    const previous = headers[name];
    headers[name] = previous === undefined ? value : `${previous},${value}`;
  }
  const routeKey = `${request.method} ${request.resource}`;
  const rawPath = decodedPath(request.path);
  const domainName = headers.host ?? '127.0.0.1';
  const timeEpoch = Date.now();
  const text = isHttpApiTextMediaType(headers['content-type']);
  const body =
    request.body.byteLength === 0
      ? {}
      : {
          body: text
            ? new TextDecoder('utf-8', { ignoreBOM: true }).decode(request.body)
            : Buffer.from(request.body).toString('base64'),
        };
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    ...(cookies.length === 0 ? {} : { cookies }),
    headers,
    pathParameters: { ...request.pathParameters },
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: request.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: clfTime(timeEpoch),
      timeEpoch,
    },
    ...body,
    isBase64Encoded: request.body.byteLength > 0 && !text,
  };
}
