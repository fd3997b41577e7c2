import type { CpuResult } from './protocol.js';

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

/** Warm-up (not counted), then `rounds` measured rounds, summed. */
export async function measureRounds(
  rounds: number,
  warmup: (() => Promise<Round>) | undefined,
  round: (index: number) => Promise<Round>,
): Promise<CpuResult> {
  if (warmup !== undefined) await warmup();
  let events = 0;
  let micros = 0;
  const perRound: number[] = [];
  for (let index = 0; index < rounds; index += 1) {
    const result = await round(index);
    events += result.events;
    micros += result.micros;
    perRound.push(result.micros / result.events);
  }
  collectGarbage();
  return { kind: 'cpu', events, micros, perRound, heapUsedMB: process.memoryUsage().heapUsed / 2 ** 20 };
}
