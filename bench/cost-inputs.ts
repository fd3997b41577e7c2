/**
 * Turns what the bench measured into the cost model's per-event counts, filling the few things a
 * local run cannot see (network round trips, Lambda's own log lines) with stated assumptions. Every
 * count says where it came from, so docs/cost.md can mark measured and assumed figures.
 */

import type { SizeCalls } from './calls/measure.js';
import type { AwsCall } from './calls/trace.js';
import { type Cost, costPerMillion, type Deployment, type EventCounts } from './cost-model.js';
import type { CpuRow, LogVolume } from './cpu/rows.js';

const KB = 1024;
const MiB = KB * KB;

/** What a local run cannot measure, with why each value. */
export const ASSUMED = {
  /** In-region round trip of one call, p50: DynamoDB single-item requests, an SQS FIFO send. */
  callMs: { DynamoDB: 6, SQS: 12, SecretsManager: 15 } as Readonly<Record<string, number>>,
  /** An S3 PUT or GET of a body: a first byte after ≈20 ms, then ≈50 MB/s on one connection. */
  s3BaseMs: 20,
  s3MsPerMiB: 20,
  otherCallMs: 10,
  /** Lambda gives a function CPU in proportion to memory: a full vCPU at 1,769 MB. */
  fullVcpuMB: 1769,
  /** How long the downstream takes to answer a forward; each record waits for its own. */
  downstreamMs: 50,
  /**
   * A batch's records that wait one after another: the worker runs a batch's message groups at once,
   * and at a steady 38.6 events/s from many entities a batch of 10 holds 10 of them.
   */
  recordsInTurn: 1,
  /** Ingest CPU per event where the CPU section did not run (README figures of an earlier run). */
  ingestCpuUs: { [KB]: 178.4, [64 * KB]: 1602 } as Readonly<Record<number, number>>,
  workerCpuUsPerKB: 103.8,
  /** START (71 B), END (52 B) and REPORT (141 B) lines of an invocation in Lambda's text format. */
  platformLogBytesPerInvocation: 264,
  /** One access log line with the stage's fields (lib/constructs/webhook-api.ts) and typical values. */
  accessLogBytesPerRequest: 420,
} as const;

export type Source = 'measured' | 'assumed';

export interface CostInputs {
  readonly counts: EventCounts;
  /** Where the request units came from: DynamoDB's rules on the captured requests, or DynamoDB Local. */
  readonly unitsFrom: string;
  /** For each count: measured by this run, or assumed (ASSUMED, or figures of an earlier run). */
  readonly sources: Readonly<Record<string, Source>>;
}

const vcpuShare = (memoryMB: number): number => memoryMB / ASSUMED.fullVcpuMB;

const callMs = (call: AwsCall, bodyBytes: number): number =>
  call.service === 'S3'
    ? ASSUMED.s3BaseMs + (ASSUMED.s3MsPerMiB * bodyBytes) / MiB
    : (ASSUMED.callMs[call.service] ?? ASSUMED.otherCallMs);

const chainMs = (chain: readonly AwsCall[], bodyBytes: number): number =>
  chain.reduce((sum, call) => sum + callMs(call, bodyBytes), 0);

/** CPU µs per event at `bytes`, on the straight line through the 1 KB and 64 KB production rows. */
function cpuUs(rows: readonly CpuRow[] | undefined, bytes: number): { us: number; source: Source } {
  const at = (size: number) =>
    rows?.find((row) => row.bodyBytes === size && row.observability === 'production')?.usPerEvent;
  const small = at(KB);
  const large = at(64 * KB);
  const measured = small !== undefined && large !== undefined;
  const a = small ?? ASSUMED.ingestCpuUs[KB] ?? 0;
  const b = large ?? ASSUMED.ingestCpuUs[64 * KB] ?? 0;
  return { us: a + ((b - a) * (bytes - KB)) / (63 * KB), source: measured ? 'measured' : 'assumed' };
}

export interface Measured {
  readonly calls: SizeCalls;
  /** Request units by DynamoDB's billing rules (bench/dynamo-units.ts); else DynamoDB Local's report. */
  readonly units?: { readonly write: number; readonly read: number };
  readonly logs: readonly LogVolume[];
  readonly ingestCpu?: readonly CpuRow[];
  readonly workerCpu?: readonly CpuRow[];
}

/** Each function's memory as the stack deploys it (`worker.memoryMB`; the others `DEFAULT_MEMORY_MB`). */
export interface FunctionMemory {
  readonly ingest: number;
  readonly worker: number;
}

export function costInputs(label: string, measured: Measured, memoryMB: FunctionMemory): CostInputs {
  const { calls } = measured;
  const bytes = calls.bodyBytes;
  const ingestCpu = cpuUs(measured.ingestCpu, bytes);
  const worker1KB = measured.workerCpu?.find(
    (row) => row.bodyBytes === KB && row.observability === 'production',
  )?.usPerEvent;
  // The worker reads and parses the body as ingest does: the same per-byte slope above 1 KB.
  const workerCpuUs =
    (worker1KB ?? ASSUMED.workerCpuUsPerKB) + (ingestCpu.us - cpuUs(measured.ingestCpu, KB).us);
  const logOf = (fn: 'ingest' | 'worker') => measured.logs.find((each) => each.fn === fn)?.bytesPerEvent;
  const ingestLogBytes = logOf('ingest');
  const workerLogBytes = logOf('worker');
  if (ingestLogBytes === undefined || workerLogBytes === undefined) throw new Error('no log volume measured');
  if (calls.queueMessageBytes === null) throw new Error(`${label}: ingest queued nothing`);
  const workerEvents = Math.max(1, calls.workerEvents);
  return {
    unitsFrom:
      measured.units === undefined ? 'DynamoDB Local ConsumedCapacity' : 'DynamoDB rules (dynamo-units)',
    counts: {
      label,
      bodyBytes: bytes,
      writeUnits: measured.units?.write ?? calls.ingestWriteUnits + calls.workerWriteUnits,
      readUnits: measured.units?.read ?? calls.ingestReadUnits + calls.workerReadUnits,
      tableItems: calls.storedItems,
      tableBytes: calls.storedBytes,
      indexItems: calls.indexEntries,
      indexBytes: calls.indexBytes,
      queueMessageBytes: calls.queueMessageBytes,
      s3Puts: calls.s3Puts,
      s3Gets: calls.s3Gets,
      s3Bytes: calls.s3Puts > 0 ? bytes * calls.s3Puts : 0,
      ingestMs: ingestCpu.us / 1000 / vcpuShare(memoryMB.ingest) + chainMs(calls.ingestChain, bytes),
      workerCpuMs: workerCpuUs / 1000 / vcpuShare(memoryMB.worker),
      // The calls bench runs the worker one record per invocation: its chain is records × one record's.
      workerWaitMs: chainMs(calls.workerChain, bytes) / workerEvents + ASSUMED.downstreamMs,
      ingestLogBytes,
      workerLogBytes,
    },
    sources: {
      units: 'measured',
      tableBytes: 'measured',
      indexBytes: 'measured',
      queueMessageBytes: 'measured',
      s3: 'measured',
      logs: 'measured',
      callsInChain: 'measured',
      callLatency: 'assumed',
      cpu: ingestCpu.source === 'measured' && worker1KB !== undefined ? 'measured' : 'assumed',
      downstream: 'assumed',
      recordsInTurn: 'assumed',
      platformAndAccessLogs: 'assumed',
    },
  };
}

/** The deployments docs/cost.md prices: 100 M events a month, REST or HTTP API, on demand or provisioned. */
export function deployments(base: {
  readonly batchSize: number;
  readonly retentionDays: number;
  readonly targetUtilization: number;
  readonly memoryMB: FunctionMemory;
  /** `observability.tracing`: active tracing on every function (docs/cost.md#x-ray). */
  readonly tracing: boolean;
}): Deployment[] {
  const { tracing, ...rest } = base;
  const shared = {
    eventsPerMonth: 100e6,
    traced: tracing ? (['ingest', 'worker'] as const) : [],
    recordsInTurn: ASSUMED.recordsInTurn,
    platformLogBytesPerInvocation: ASSUMED.platformLogBytesPerInvocation,
    accessLogBytesPerRequest: ASSUMED.accessLogBytesPerRequest,
    ...rest,
  };
  return (['rest', 'http'] as const).flatMap((api) =>
    (['on-demand', 'provisioned'] as const).map((capacity) => ({ ...shared, api, capacity })),
  );
}

export const costsOf = (inputs: CostInputs, all: readonly Deployment[]): Cost[] =>
  all.map((deployment) => costPerMillion(inputs.counts, deployment));
