import type { Clock, SourceLag } from '../shared/ports.js';

/** How long one container trusts what it read of a source's mark: one read per source per 30 s. */
export const LAG_CACHE_MS = 30_000;

interface Reading {
  readonly behindUntil: number | undefined;
  readonly at: number;
}

/**
 * Sheds one source's deliveries while the worker is behind on that source, and only that source.
 * The mark is read at most once per source per 30 s per container, never per request; a failed read
 * lets traffic through (accepting is the safe default: the event is stored and queued as usual).
 */
export class BackpressureGuard {
  private readonly readings = new Map<string, Reading>();
  private readonly reading = new Map<string, Promise<number | undefined>>();

  constructor(
    private readonly lag: SourceLag,
    private readonly clock: Clock,
  ) {}

  /** Seconds the vendor should wait before retrying this source's delivery, or undefined to proceed. */
  async retryAfterSeconds(sourceId: string): Promise<number | undefined> {
    const now = this.clock();
    const behindUntil = await this.behindUntil(sourceId, now);
    if (behindUntil === undefined || behindUntil <= now) return undefined;
    return Math.max(1, Math.ceil((behindUntil - now) / 1000));
  }

  private async behindUntil(sourceId: string, now: number): Promise<number | undefined> {
    const cached = this.readings.get(sourceId);
    if (cached !== undefined && now - cached.at < LAG_CACHE_MS) return cached.behindUntil;
    let pending = this.reading.get(sourceId);
    if (pending === undefined) {
      pending = this.lag
        .behindUntil(sourceId)
        .catch(() => undefined)
        .finally(() => this.reading.delete(sourceId));
      this.reading.set(sourceId, pending);
    }
    const behindUntil = await pending;
    this.readings.set(sourceId, { behindUntil, at: now });
    return behindUntil;
  }
}
