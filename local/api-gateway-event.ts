import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';

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
