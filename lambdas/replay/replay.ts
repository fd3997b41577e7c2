import { DeadLetterPass } from './from-dead-letters.js';
import { replayFromStore } from './from-store.js';
import type { ReplayRequest } from './replay-request.js';
import type { ReplayDeps, ReplayRun } from './replay-run.js';
import { type ReplayReport, ReportTally } from './report.js';
import { Pacer, RunLimits } from './run-limits.js';
import { ReplaySelection } from './selection.js';

export type { ReplayDeps } from './replay-run.js';

/**
 * Dead-letter queue or event store → filter → dry-run report or paced requeue (docs/architecture.md#replay-and-the-sweeper). Stops
 * starting new work before `remainingMs` runs out and reports what it left.
 */
export async function replay(
  request: ReplayRequest,
  deps: ReplayDeps,
  remainingMs?: number,
): Promise<ReplayReport> {
  const run: ReplayRun = {
    runId: deps.newRunId(),
    request,
    deps,
    selection: new ReplaySelection(request.filter, request.eventIds),
    limits: new RunLimits(deps.clock, remainingMs),
    pacer: new Pacer(request.ratePerSecond, deps.clock, deps.sleep),
    tally: new ReportTally(request.dryRun, request.maxEvents),
  };
  if (request.from === 'dlq') await new DeadLetterPass(run).execute();
  else await replayFromStore(run);
  return run.tally.report();
}
