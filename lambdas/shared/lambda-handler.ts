import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger, metrics } from './observability/powertools.js';

/**
 * A function's exported handler, called as `handler(event, context)`. The local stack, the CLIs and
 * tests pass a context made by `local/invocation-context.ts`.
 */
export type GatewayHandler<TEvent, TResult> = (event: TEvent, context: Context) => Promise<TResult>;

/**
 * The one place that builds a function's lifecycle, so a new function cannot forget a step: the
 * Lambda context in every log line and the per-invocation keys dropped afterwards, and the stored
 * metrics published after every invocation (errors included). Traces are Lambda's own (active
 * tracing): no function loads the X-Ray SDK, which added ≈ 40 ms to every cold start of the worker.
 */
export function lambdaHandler<TEvent, TResult>(
  body: (event: TEvent, context: Context) => Promise<TResult>,
): GatewayHandler<TEvent, TResult> {
  // No early-timeout race: each function keeps its own deadline (the worker starts no record it
  // cannot finish, replay stops before its timeout, ingest answers long before API Gateway's 29 s),
  // and the race would cost a timer and an AbortController on every invocation.
  const chain = middy<TEvent, TResult>(body, { timeoutEarlyInMillis: 0 })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
  return (event, context) => chain(event, context);
}
