import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { NotFoundError, PayloadTooLargeError } from '../lambdas/shared/errors.js';
import { errorResponse, jsonResponse } from '../lambdas/shared/http.js';
import { toProxyEvent } from './api-gateway-event.js';
import { invocationContext } from './invocation-context.js';
import { headersFromRaw, matchRoute, type Route } from './routes.js';

/** API Gateway REST's payload limit (docs/architecture.md#limits-and-aws-facts-the-code-relies-on). */
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
  const event = toProxyEvent({
    method,
    resource: match.route.resource,
    path: rawPath,
    pathParameters: match.pathParameters,
    headers: headersFromRaw(request.rawHeaders),
    body: body.bytes,
    ...(request.socket.remoteAddress === undefined ? {} : { sourceIp: request.socket.remoteAddress }),
  });
  // API Gateway's integration timeout bounds the invocation.
  send(response, await match.route.handler(event, invocationContext({ timeoutMs: 29_000 })));
}

/**
 * The API Gateway of the local stack: real HTTP on loopback, each request turned into the REST proxy
 * event the deployed API hands to Lambda (docs/architecture.md#local-stack). Anything unrouted is a JSON 404.
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
