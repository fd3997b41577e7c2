import type { EventRecord } from '../shared/domain/event.js';
import type { Clock, SourceLag } from '../shared/ports.js';

/** How long one mark holds: the source sheds until the worker has gone this long without a late event. */
export const BEHIND_WINDOW_MS = 60_000;

/**
 * Marks a source behind when the worker handles one of its events later than `maxAgeSeconds` after
 * it arrived (a backlog, or retries of a failing downstream). One write per source per half window
 * per container, so a backlog costs a few writes a minute, not one per event; best effort, because
 * shedding is an optimisation and must never fail an event.
 */
export class LagReporter {
  private readonly lastMark = new Map<string, number>();

  constructor(
    private readonly lag: SourceLag,
    private readonly maxAgeSeconds: number,
    private readonly clock: Clock,
  ) {}

  async observe(event: Pick<EventRecord, 'sourceId' | 'receivedAt'>): Promise<void> {
    const now = this.clock();
    if (now - Date.parse(event.receivedAt) <= this.maxAgeSeconds * 1000) return;
    const last = this.lastMark.get(event.sourceId);
    if (last !== undefined && now - last < BEHIND_WINDOW_MS / 2) return;
    this.lastMark.set(event.sourceId, now);
    await this.lag.markBehind(event.sourceId, now + BEHIND_WINDOW_MS).catch(() => undefined);
  }
}
