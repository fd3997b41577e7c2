import type { ChildRequest, CpuResult } from './protocol.js';

/**
 * Runs `work` over every input in order (awaiting it when it returns a promise) and returns the user +
 * system CPU it took in microseconds (every thread of the process: JIT, GC and crypto included).
 */
export async function cpuOf<T>(inputs: readonly T[], work: (input: T) => unknown): Promise<number> {
  const start = process.cpuUsage();
  for (const input of inputs) {
    const result = work(input);
    if (result instanceof Promise) await result;
  }
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

/** A full collection before a measured loop, so it does not pay for garbage the preparation made. */
export function collectGarbage(): void {
  globalThis.gc?.();
}

/** One measured round: prepare inputs (not timed), then time the loop; `events` per round counted. */
export interface Round {
  readonly events: number;
  readonly micros: number;
}

/** Prepares `count` inputs of `bodyBytes` under `prefix` (not timed), then times the loop over them. */
export type RoundOf = (prefix: string, count: number, bodyBytes: number) => Promise<Round>;

/** A warm-up round of `warmupEvents` (not counted), then `rounds` measured rounds of `eventsPerRound`, summed. */
export async function measureRounds(request: ChildRequest, round: RoundOf): Promise<CpuResult> {
  await round('warm', request.warmupEvents, request.bodyBytes);
  let events = 0;
  let micros = 0;
  const perRound: number[] = [];
  for (let index = 0; index < request.rounds; index += 1) {
    const result = await round(`r${index}`, request.eventsPerRound, request.bodyBytes);
    events += result.events;
    micros += result.micros;
    perRound.push(result.micros / result.events);
  }
  collectGarbage();
  return { kind: 'cpu', events, micros, perRound, heapUsedMB: process.memoryUsage().heapUsed / 2 ** 20 };
}
