import type { GatewayConfig } from '../shared/config/load.js';
import type { Clock, DeadLetterQueue, EventQueue, EventStore } from '../shared/ports.js';
import type { ReplayRequest } from './replay-request.js';
import type { ReportTally } from './report.js';
import type { Pacer, RunLimits, Sleep } from './run-limits.js';
import type { ReplaySelection } from './selection.js';

/** Where a run reports what it could not do; the handler passes the Powertools logger. */
export interface ReplayLog {
  warn(message: string, details: Readonly<Record<string, unknown>>): void;
}

export interface ReplayDeps {
  readonly config: GatewayConfig;
  readonly store: EventStore;
  /** The main FIFO queue. */
  readonly queue: EventQueue;
  readonly deadLetters: DeadLetterQueue;
  readonly clock: Clock;
  readonly sleep: Sleep;
  /** A fresh id per run: it marks the copies the run puts back in the dead-letter queue. */
  readonly newRunId: () => string;
  readonly log: ReplayLog;
}

/** Everything one run shares between its steps. */
export interface ReplayRun {
  readonly runId: string;
  readonly request: ReplayRequest;
  readonly deps: ReplayDeps;
  readonly selection: ReplaySelection;
  readonly limits: RunLimits;
  readonly pacer: Pacer;
  readonly tally: ReportTally;
}
