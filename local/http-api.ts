import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { GatewayConfig } from '../lambdas/shared/config/load.js';
import { NotFoundError, PayloadTooLargeError } from '../lambdas/shared/errors.js';
import { errorResponse, jsonResponse } from '../lambdas/shared/http.js';
import { toHttpApiEvent, toProxyEvent } from './api-gateway-event.js';
import { invocationContext } from './invocation-context.js';
import { headerPairs, headersFromRaw, matchRoute, type Route } from './routes.js';

/** API Gateway's payload limit, REST and HTTP APIs alike (docs/architecture.md#limits-and-aws-facts-the-code-relies-on). */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
/** Past this the connection is dropped instead of drained. */
const DRAIN_LIMIT_BYTES = 4 * MAX_REQUEST_BYTES;

/** A route served by the local stack itself (not a Lambda), e.g. for the CLIs to find it. */
export interface LocalRoute {
  readonly path: string;
  readonly respond: () => object;
}

export interface HttpApiOptions {
  readonly host: string;
  readonly port: number;
  readonly routes: readonly Route[];
  /**
   * Which API Gateway to play (`api.type`): a REST API's proxy events (payload format 1.0) or an
   * HTTP API's (payload format 2.0).
   * @default 'rest'
   */
  readonly apiType?: GatewayConfig['api']['type'];
  readonly localRoutes?: readonly LocalRoute[];
  readonly onError?: (error: unknown) => void;
}

export interface HttpApi {
  readonly port: number;
  close(): Promise<void>;
}

type Body = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false };

/** Reads the whole body; over the limit the rest is drained (so the client reads our 413) but not kept. */
function readBody(request: IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= limit) chunks.push(chunk);
      else if (size > DRAIN_LIMIT_BYTES) request.destroy();
    });
    request.on('end', () =>
      resolve(size <= limit ? { ok: true, bytes: new Uint8Array(Buffer.concat(chunks)) } : { ok: false }),
    );
    request.on('error', reject);
  });
}

function send(response: ServerResponse, result: APIGatewayProxyResult): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    headers[name] = values.map(String);
  }
  const body = Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  response.writeHead(result.statusCode, { ...headers, 'content-length': String(body.byteLength) });
  response.end(body);
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  options: HttpApiOptions,
): Promise<void> {
  const method = request.method ?? 'GET';
  const rawPath = (request.url ?? '/').split('?')[0] ?? '/';
  const local = options.localRoutes?.find((route) => route.path === rawPath);
  if (local !== undefined && method === 'GET') {
    request.resume();
    send(response, jsonResponse(200, local.respond()));
    return;
  }
  const match = matchRoute(options.routes, method, rawPath);
  if (match === undefined) {
    request.resume();
    send(response, errorResponse(new NotFoundError(`no route for ${method} ${rawPath}`)));
    return;
  }
  const body = await readBody(request, MAX_REQUEST_BYTES);
  if (!body.ok) {
    send(response, errorResponse(new PayloadTooLargeError('request over the API Gateway limit')));
    return;
  }
  const received = {
    method,
    resource: match.route.resource,
    path: rawPath,
    pathParameters: match.pathParameters,
    body: body.bytes,
    ...(request.socket.remoteAddress === undefined ? {} : { sourceIp: request.socket.remoteAddress }),
  };
  const event =
    options.apiType === 'http'
      ? toHttpApiEvent({ ...received, headers: headerPairs(request.rawHeaders) })
      : toProxyEvent({ ...received, headers: headersFromRaw(request.rawHeaders) });
  // API Gateway's integration timeout bounds the invocation: 29 s on a REST API, 30 s on an HTTP API.
  const timeoutMs = options.apiType === 'http' ? 30_000 : 29_000;
  send(response, await match.route.handler(event, invocationContext({ timeoutMs })));
}

/**
 * The API Gateway of the local stack: real HTTP on loopback, each request turned into the proxy event
 * the deployed API hands to Lambda, REST or HTTP API as `apiType` says (docs/architecture.md#local-stack).
 * Anything unrouted is a JSON 404.
 */
export function startHttpApi(options: HttpApiOptions): Promise<HttpApi> {
  const server = createServer((request, response) => {
    handle(request, response, options).catch((error: unknown) => {
      options.onError?.(error);
      // API Gateway answers 502 when the function itself fails.
      if (!response.headersSent) send(response, jsonResponse(502, { status: 'error', error: 'bad gateway' }));
      else response.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : options.port;
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
