import type { ReplayRequest } from './replay-request.js';

/** A record still RECEIVED this long after it arrived was stored but never queued (docs/architecture.md#invariants, item 2). */
export const SWEEP_AFTER_MS = 5 * 60_000;
const SWEEP_MAX_EVENTS = 1000;
const SWEEP_RATE_PER_SECOND = 50;

/** The sweeper is a replay: stranded RECEIVED records from the index, requeued, no dry run. */
export function sweeperRequest(nowMs: number): ReplayRequest {
  return {
    from: 'store',
    dryRun: false,
    filter: { status: 'RECEIVED', receivedBefore: new Date(nowMs - SWEEP_AFTER_MS).toISOString() },
    maxEvents: SWEEP_MAX_EVENTS,
    ratePerSecond: SWEEP_RATE_PER_SECOND,
  };
}
