import type { APIGatewayProxyResult } from 'aws-lambda';
import type { ApiEvent } from '../lambdas/shared/api-event.js';
import type { GatewayHandler } from '../lambdas/shared/lambda-handler.js';

/**
 * A function behind an API Gateway Lambda proxy integration, REST or HTTP API, as the ingest and
 * status handlers are.
 */
export type ProxyHandler = GatewayHandler<ApiEvent, APIGatewayProxyResult>;

export interface Route {
  readonly method: 'GET' | 'POST';
  /** The resource template, e.g. `/webhooks/{sourceId}`: each `{name}` matches one path segment. */
  readonly resource: string;
  readonly handler: ProxyHandler;
}

export interface RouteMatch {
  readonly route: Route;
  readonly pathParameters: Record<string, string>;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Finds the route for a method and raw path (no query string). Like API Gateway, path parameters are
 * handed over URL-decoded and an empty segment matches nothing.
 */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  rawPath: string,
): RouteMatch | undefined {
  const segments = rawPath.split('/').slice(1);
  for (const route of routes) {
    if (route.method !== method) continue;
    const template = route.resource.split('/').slice(1);
    if (template.length !== segments.length) continue;
    const pathParameters: Record<string, string> = {};
    const matched = template.every((part, index) => {
      const segment = segments[index] ?? '';
      const parameter = /^\{([A-Za-z0-9_]+)\}$/.exec(part)?.[1];
      if (parameter === undefined) return part === segment;
      const value = decodeSegment(segment);
      if (value === undefined || value === '') return false;
      pathParameters[parameter] = value;
      return true;
    });
    if (matched) return { route, pathParameters };
  }
  return undefined;
}

/** A header as received: name in the client's case, and its value. */
export type HeaderPair = readonly [name: string, value: string];

/** Node's flat `rawHeaders` list as pairs, in the order received, repeated headers included. */
export function headerPairs(rawHeaders: readonly string[]): HeaderPair[] {
  const pairs: HeaderPair[] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index];
    const value = rawHeaders[index + 1];
    if (name !== undefined && value !== undefined) pairs.push([name, value]);
  }
  return pairs;
}

/** Header pairs as Node received them (`rawHeaders`), case kept; a repeated header keeps its last value. */
export function headersFromRaw(rawHeaders: readonly string[]): Record<string, string> {
  return Object.fromEntries(headerPairs(rawHeaders));
}
