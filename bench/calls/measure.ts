import { runChild } from '../cpu/fork.js';
import type { CallsResult } from '../cpu/protocol.js';
import {
  type AwsCall,
  type CallSummary,
  type CallTrace,
  finishedBefore,
  sequentialChain,
  summarize,
} from './trace.js';

const KB = 1024;
const WARM_REQUESTS = 5;

/** One body size's calls, per event: ingest's request and its share of a worker invocation. */
export interface SizeCalls {
  readonly bodyBytes: number;
  /** The ingest's answer: 202, or what it refused the body with. */
  readonly status: number;
  readonly events: number;
  /** The calls ingest awaited one after another before answering (of the first event of the size). */
  readonly ingestChain: readonly AwsCall[];
  /** The worker's chain divided among the events of its batch. */
  readonly workerChain: readonly AwsCall[];
  readonly workerEvents: number;
  readonly ingestWriteUnits: number;
  readonly ingestReadUnits: number;
  readonly workerWriteUnits: number;
  readonly workerReadUnits: number;
  /** The SendMessage payload, null when nothing was queued. */
  readonly queueMessageBytes: number | null;
  readonly s3Puts: number;
  readonly s3Gets: number;
  /** What the event keeps in the table once processed. */
  readonly storedItems: number;
  readonly storedBytes: number;
  /** Its entries in the attention index: keys plus projected attributes. */
  readonly indexEntries: number;
  readonly indexBytes: number;
}

export interface AwsCalls {
  readonly engine: string;
  readonly cold: CallSummary;
  readonly warm: readonly CallSummary[];
  readonly duplicate: CallSummary;
  readonly sizes: readonly SizeCalls[];
  readonly raw: CallsResult;
}

const mean = (values: readonly number[]): number =>
  values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;

const chainOf = (trace: CallTrace): AwsCall[] => sequentialChain(finishedBefore(trace));

function sizeCalls(result: CallsResult, bodyBytes: number, ingestTraces: readonly CallTrace[]): SizeCalls {
  const first = ingestTraces[0];
  if (first === undefined) throw new Error(`no ingest request of ${bodyBytes} bytes`);
  const ingest = ingestTraces.map(summarize);
  const worker = result.worker.find((each) => each.bodyBytes === bodyBytes);
  const workerSummary = worker === undefined ? undefined : summarize(worker.trace);
  const workerEvents = worker?.events ?? 0;
  const perWorkerEvent = (value: number) => (workerEvents === 0 ? 0 : value / workerEvents);
  const stored = result.stored.find((each) => each.bodyBytes === bodyBytes);
  const send = first.calls.find((call) => call.service === 'SQS' && call.command === 'SendMessage');
  return {
    bodyBytes,
    status: first.status,
    events: ingestTraces.length,
    ingestChain: chainOf(first),
    workerChain: worker === undefined ? [] : chainOf(worker.trace),
    workerEvents,
    ingestWriteUnits: mean(ingest.map((each) => each.writeUnits)),
    ingestReadUnits: mean(ingest.map((each) => each.readUnits)),
    workerWriteUnits: perWorkerEvent(workerSummary?.writeUnits ?? 0),
    workerReadUnits: perWorkerEvent(workerSummary?.readUnits ?? 0),
    queueMessageBytes: send?.payloadBytes ?? null,
    s3Puts: mean(ingest.map((each) => each.s3Puts)) + perWorkerEvent(workerSummary?.s3Puts ?? 0),
    s3Gets: mean(ingest.map((each) => each.s3Gets)) + perWorkerEvent(workerSummary?.s3Gets ?? 0),
    storedItems: stored?.items ?? 0,
    storedBytes: stored?.bytes ?? 0,
    indexEntries: stored?.indexEntries ?? 0,
    indexBytes: stored?.indexBytes ?? 0,
  };
}

/**
 * Runs ingest and worker as deployed against DynamoDB Local and fauxqs in a child (its logs go
 * nowhere) and sums up what each request cost in AWS calls and capacity units.
 */
export async function measureAwsCalls(): Promise<AwsCalls> {
  const { result } = await runChild(
    { scenario: 'aws-calls', bodyBytes: KB, warmupEvents: 1, rounds: 1, eventsPerRound: WARM_REQUESTS },
    { observability: 'production', functionName: 'webhook-gateway-ingest' },
  );
  if (result.kind !== 'calls') throw new Error(`unexpected ${result.kind} result from aws-calls`);
  const warm = result.ingest.warm.map(summarize);
  const refused = warm.find((each) => each.status !== 202);
  if (refused !== undefined) throw new Error(`ingest answered ${refused.status} to a 1 KB delivery`);
  const sizes = [
    sizeCalls(result, KB, result.ingest.warm),
    ...result.ingest.bySize.map(({ bodyBytes, trace }) => sizeCalls(result, bodyBytes, [trace])),
  ];
  return {
    engine: result.engine,
    cold: summarize(result.ingest.cold),
    warm,
    duplicate: summarize(result.ingest.duplicate),
    sizes,
    raw: result,
  };
}
