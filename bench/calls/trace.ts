/**
 * The AWS calls one invocation made, as recorded around the SDK clients' `send` (and the body
 * store), and what they add up to. Pure: the recording happens in bench/calls/scenario.ts.
 */

export interface AwsCall {
  /** 'DynamoDB', 'SQS', 'SecretsManager', 'S3'. */
  readonly service: string;
  /** The SDK command without its suffix: 'PutItem', 'SendMessage', … */
  readonly command: string;
  /** Milliseconds since the invocation started. */
  readonly startMs: number;
  readonly endMs: number;
  /** SendMessage: body plus message attributes, the payload SQS bills in 64 KB chunks. */
  readonly payloadBytes?: number | undefined;
  /** SendMessage: links the message to the worker's invocation that receives it. */
  readonly deduplicationId?: string | undefined;
  /** DynamoDB: the capacity units the answer reported, indexes included (none on an error). */
  readonly capacityUnits?: number | undefined;
}

export interface CallTrace {
  /** The handler's HTTP status (ingest) or 200 (worker). */
  readonly status: number;
  /** When the handler returned, in the same milliseconds as the calls. */
  readonly answeredMs: number;
  readonly calls: AwsCall[];
}

const DYNAMO_READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const DYNAMO_WRITES = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

export const isDynamoRead = (call: AwsCall): boolean =>
  call.service === 'DynamoDB' && DYNAMO_READS.has(call.command);
export const isDynamoWrite = (call: AwsCall): boolean =>
  call.service === 'DynamoDB' && DYNAMO_WRITES.has(call.command);

/** Calls that finished before the handler answered: the ones the answer waited for or raced. */
export const finishedBefore = (trace: CallTrace): AwsCall[] =>
  trace.calls.filter((call) => call.endMs <= trace.answeredMs);

/**
 * The longest run of calls each started after the previous one ended: how many round trips the
 * caller waited for one after another. Calls in flight together (Promise.all) are one step.
 */
export function sequentialChain(calls: readonly AwsCall[]): AwsCall[] {
  const ordered = [...calls].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const best: { length: number; previous: number }[] = [];
  ordered.forEach((call, index) => {
    let entry = { length: 1, previous: -1 };
    for (let before = 0; before < index; before += 1) {
      const candidate = ordered[before];
      const length = (best[before]?.length ?? 0) + 1;
      if (candidate !== undefined && candidate.endMs <= call.startMs && length > entry.length)
        entry = { length, previous: before };
    }
    best.push(entry);
  });
  let last = -1;
  best.forEach((entry, index) => {
    if (last === -1 || entry.length > (best[last]?.length ?? 0)) last = index;
  });
  const chain: AwsCall[] = [];
  for (let index = last; index !== -1; index = best[index]?.previous ?? -1) {
    const call = ordered[index];
    if (call !== undefined) chain.unshift(call);
  }
  return chain;
}

export const describeCalls = (calls: readonly AwsCall[]): string =>
  calls.length === 0 ? '(none)' : calls.map((call) => `${call.service}.${call.command}`).join(' → ');

/** What one ingest request or one worker invocation cost in calls. */
export interface CallSummary {
  readonly status: number;
  readonly calls: number;
  /** Round trips the answer waited for one after another. */
  readonly sequential: number;
  readonly chain: string;
  readonly dynamoReads: number;
  readonly dynamoWrites: number;
  /** Capacity units DynamoDB reported for the reads and the writes, indexes included. */
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly sqsSends: number;
  readonly s3Puts: number;
  readonly s3Gets: number;
  /** Calls still running when the handler returned (not awaited). */
  readonly unfinished: number;
}

export function summarize(trace: CallTrace): CallSummary {
  const before = finishedBefore(trace);
  const chain = sequentialChain(before);
  const count = (test: (call: AwsCall) => boolean) => trace.calls.filter(test).length;
  const units = (test: (call: AwsCall) => boolean) =>
    trace.calls.filter(test).reduce((sum, call) => sum + (call.capacityUnits ?? 0), 0);
  return {
    status: trace.status,
    calls: trace.calls.length,
    sequential: chain.length,
    chain: describeCalls(chain),
    dynamoReads: count(isDynamoRead),
    dynamoWrites: count(isDynamoWrite),
    readUnits: units(isDynamoRead),
    writeUnits: units(isDynamoWrite),
    sqsSends: count((call) => call.service === 'SQS' && call.command === 'SendMessage'),
    s3Puts: count((call) => call.service === 'S3' && call.command === 'PutObject'),
    s3Gets: count((call) => call.service === 'S3' && call.command === 'GetObject'),
    unfinished: trace.calls.length - before.length,
  };
}
