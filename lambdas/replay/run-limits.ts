import type { Clock } from '../shared/ports.js';

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** No new requeues, no new groups from this long before the timeout: what is started gets finished. */
export const STOP_MARGIN_MS = 20_000;
/** From this long before the timeout, held messages are released and the report returned at once. */
export const ABANDON_MARGIN_MS = 5_000;
/** The time a run gets where no Lambda timeout applies (the local CLI). */
export const DEFAULT_BUDGET_MS = 5 * 60_000;
/** Messages held during a run stay hidden this long past its end, so none comes back while it runs. */
const HOLD_SLACK_SECONDS = 60;
const MAX_VISIBILITY_SECONDS = 43_200;

/** The run's deadlines, taken from the Lambda's remaining time once, at the start. */
export class RunLimits {
  readonly stopAt: number;
  readonly abandonAt: number;

  constructor(
    private readonly clock: Clock,
    remainingMs: number = DEFAULT_BUDGET_MS,
  ) {
    const end = clock() + remainingMs;
    this.stopAt = end - STOP_MARGIN_MS;
    this.abandonAt = end - ABANDON_MARGIN_MS;
  }

  get shouldStop(): boolean {
    return this.clock() >= this.stopAt;
  }

  get mustAbandon(): boolean {
    return this.clock() >= this.abandonAt;
  }

  /** Visibility timeout for received messages: until after the run's end. */
  holdSeconds(): number {
    const seconds = Math.ceil((this.abandonAt - this.clock()) / 1000) + HOLD_SLACK_SECONDS;
    return Math.min(MAX_VISIBILITY_SECONDS, Math.max(HOLD_SLACK_SECONDS, seconds));
  }
}

/**
 * Spaces sends `1000 / ratePerSecond` ms apart (the first goes at once), so a replay cannot flood the
 * downstreams the worker calls. Clock and sleep are injected: tests run it on a fake clock.
 */
export class Pacer {
  private nextSlot: number | undefined;
  private readonly intervalMs: number;

  constructor(
    ratePerSecond: number,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
  ) {
    this.intervalMs = 1000 / ratePerSecond;
  }

  /** Waits for the next slot; false, without waiting, when that slot is at or past `deadline`. */
  async acquire(deadline: number): Promise<boolean> {
    const now = this.clock();
    const slot = Math.max(now, this.nextSlot ?? now);
    if (slot >= deadline) return false;
    if (slot > now) await this.sleep(slot - now);
    this.nextSlot = slot + this.intervalMs;
    return true;
  }
}
