import { groupIdOf } from '../shared/domain/ids.js';
import type { SweepCursors } from '../shared/ports.js';
import type { ReplayDeps } from './replay-run.js';
import { type ReplayReport, ReportTally } from './report.js';
import { requeueEvent } from './requeue.js';
import { Pacer, RunLimits } from './run-limits.js';

/** A record still RECEIVED this long after it arrived was stored but never queued (docs/architecture.md#invariants, item 2). */
export const SWEEP_AFTER_MS = 5 * 60_000;
const SWEEP_MAX_EVENTS = 1000;
const SWEEP_RATE_PER_SECOND = 50;
/** Arrivals read per source and run; the cursor carries the rest to the next run. */
const SWEEP_SCAN_LIMIT = 5000;

export interface SweeperDeps extends ReplayDeps {
  readonly cursors: SweepCursors;
}

/**
 * Per source not paused, the arrivals from the source's cursor to five minutes ago that nothing has
 * moved on (still RECEIVED: never claimed by the worker), requeued oldest first; then the cursor moves
 * past what was read, so each arrival is read about once (docs/architecture.md#replay-and-the-sweeper).
 * A failed send stops the source there: the next run starts at that event, and nothing overtakes it.
 */
export async function sweep(deps: SweeperDeps, remainingMs?: number): Promise<ReplayReport> {
  const before = new Date(deps.clock() - SWEEP_AFTER_MS).toISOString();
  const limits = new RunLimits(deps.clock, remainingMs);
  const pacer = new Pacer(SWEEP_RATE_PER_SECOND, deps.clock, deps.sleep);
  const tally = new ReportTally(false, SWEEP_MAX_EVENTS);
  for (const source of deps.config.sources.filter((each) => !each.paused)) {
    if (tally.limitReached || limits.shouldStop) {
      tally.stoppedEarly = true;
      break;
    }
    const after = await deps.cursors.get(source.id);
    const page = await deps.store.listNeedingAttention({
      status: 'RECEIVED',
      sourceId: source.id,
      ...(after === undefined ? {} : { receivedAfter: after }),
      receivedBefore: before,
      limit: SWEEP_SCAN_LIMIT,
    });
    if (page.more) tally.stoppedEarly = true;
    let through = page.scannedThrough;
    for (const record of page.records) {
      tally.examined += 1;
      tally.matched += 1;
      if (tally.limitReached || limits.shouldStop || !(await pacer.acquire(limits.stopAt))) {
        through = record.receivedAt;
        tally.remaining += 1;
        tally.stoppedEarly = true;
        break;
      }
      const groupId = groupIdOf(record.sourceId, record.entityId);
      const result = await requeueEvent(record, groupId, undefined, deps);
      if (result.kind === 'requeued') tally.select(groupId, record);
      else if (result.kind === 'not-replayable') tally.skipped += 1;
      else {
        tally.failed += 1;
        through = record.receivedAt;
        deps.log.warn('sweep requeue failed; the next run starts at this event', {
          eventId: record.eventId,
          error: result.error,
        });
        break;
      }
    }
    if (through !== undefined) await deps.cursors.advance(source.id, through);
  }
  return tally.report();
}
