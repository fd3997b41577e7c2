import type { Context } from 'aws-lambda';
import type { GatewayHandler } from '../../lambdas/shared/lambda-handler.js';
import { invocationContext } from '../../local/invocation-context.js';

/** A handler a test can call with the event alone; each call gets a fresh invocation context. */
export function invokable<TEvent, TResult>(
  handler: GatewayHandler<TEvent, TResult>,
): (event: TEvent, context?: Context) => Promise<TResult> {
  return (event, context = invocationContext()) => handler(event, context);
}

export type Invokable<TEvent, TResult> = ReturnType<typeof invokable<TEvent, TResult>>;
