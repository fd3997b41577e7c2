import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

export interface InvocationOptions {
  /** @default 'webhook-gateway-local' */
  readonly functionName?: string;
  /** How long the invocation may run, like the function's timeout. @default 900 s (Lambda's maximum) */
  readonly timeoutMs?: number;
  /** @default a random UUID */
  readonly requestId?: string;
}

/**
 * A Lambda context for invoking a handler off Lambda (local stack, CLIs, tests, bench): the logger
 * copies its fields into every line, and the remaining time counts down from `timeoutMs` like the
 * runtime's, so the worker's time budget and replay's stop-before-timeout behave as deployed.
 */
export function invocationContext(options: InvocationOptions = {}): Context {
  const functionName = options.functionName ?? 'webhook-gateway-local';
  const deadline = Date.now() + (options.timeoutMs ?? 900_000);
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: options.requestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
