import { type ChildRun, type Observability, runChild } from './fork.js';
import type { ChildRequest, CpuResult, Scenario } from './protocol.js';

const KB = 1024;

/** One row of the CPU tables: a handler's CPU per event against its floor. */
export interface CpuRow {
  readonly fn: 'ingest' | 'worker';
  readonly bodyBytes: number;
  readonly observability: Observability;
  readonly events: number;
  readonly usPerEvent: number;
  readonly floorUsPerEvent: number;
  readonly ratio: number;
  readonly roundUsPerEvent: readonly number[];
  readonly roundFloorUsPerEvent: readonly number[];
  /** Heap in use after the run (after a full GC): what the handler keeps from event to event. */
  readonly heapUsedMB: number;
  readonly floorHeapUsedMB: number;
}

function plan(bodyBytes: number, quick: boolean): Omit<ChildRequest, 'scenario'> {
  // Each measured loop must run for tens of milliseconds: shorter ones are at the mercy of the
  // GC threads and the machine's neighbours (the 1 KB floor is ~15 µs an event).
  const small = bodyBytes <= 4 * KB;
  if (quick)
    return { bodyBytes, warmupEvents: small ? 1000 : 100, rounds: 4, eventsPerRound: small ? 2000 : 200 };
  return { bodyBytes, warmupEvents: small ? 3000 : 300, rounds: 8, eventsPerRound: small ? 3000 : 300 };
}

async function cpuOf(
  scenario: Scenario,
  bodyBytes: number,
  observability: Observability,
  quick: boolean,
): Promise<CpuResult> {
  const fn = scenario.startsWith('worker') ? 'worker' : 'ingest';
  const { result } = await runChild(
    { scenario, ...plan(bodyBytes, quick) },
    { observability, functionName: `webhook-gateway-${fn}` },
  );
  if (result.kind !== 'cpu') throw new Error(`unexpected ${result.kind} result from ${scenario}`);
  return result;
}

/** The handler in one child, the floor in another that never loads the handler. */
async function cpuRow(
  fn: 'ingest' | 'worker',
  bodyBytes: number,
  observability: Observability,
  floor: CpuResult,
  quick: boolean,
): Promise<CpuRow> {
  const handler = await cpuOf(fn, bodyBytes, observability, quick);
  const usPerEvent = handler.micros / handler.events;
  const floorUsPerEvent = floor.micros / floor.events;
  return {
    fn,
    bodyBytes,
    observability,
    events: handler.events,
    usPerEvent,
    floorUsPerEvent,
    ratio: usPerEvent / floorUsPerEvent,
    roundUsPerEvent: handler.perRound,
    roundFloorUsPerEvent: floor.perRound,
    heapUsedMB: handler.heapUsedMB,
    floorHeapUsedMB: floor.heapUsedMB,
  };
}

/** 1 KB and 64 KB, logging/metrics on and off; one floor per size, shared by both rows. */
export async function cpuRows(fn: 'ingest' | 'worker', quick: boolean): Promise<CpuRow[]> {
  const rows: CpuRow[] = [];
  for (const bytes of [KB, 64 * KB]) {
    const floor = await cpuOf(`${fn}-floor`, bytes, 'silent', quick);
    for (const observability of ['production', 'silent'] as const)
      rows.push(await cpuRow(fn, bytes, observability, floor, quick));
  }
  return rows;
}

/** What one event makes a function print (its stdout), on average over a run. */
export interface LogVolume {
  readonly fn: 'ingest' | 'worker';
  readonly events: number;
  readonly invocations: number;
  readonly bytesPerEvent: number;
  readonly linesPerEvent: number;
  readonly metricLinesPerEvent: number;
}

/** What the handler prints for 1000 events at INFO, counted from its stdout. */
export async function logVolume(fn: 'ingest' | 'worker'): Promise<LogVolume> {
  const run: ChildRun = await runChild(
    { scenario: `${fn}-logs`, bodyBytes: KB, warmupEvents: 0, rounds: 1, eventsPerRound: 1000 },
    { observability: 'production', functionName: `webhook-gateway-${fn}`, countStdout: true },
  );
  if (run.result.kind !== 'logs' || run.stdout === undefined)
    throw new Error('log volume run returned no counts');
  const { events, invocations } = run.result;
  return {
    fn,
    events,
    invocations,
    bytesPerEvent: run.stdout.bytes / events,
    linesPerEvent: run.stdout.lines / events,
    metricLinesPerEvent: run.stdout.metricLines / events,
  };
}
