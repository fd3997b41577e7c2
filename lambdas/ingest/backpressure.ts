import type { Clock, QueueAgeGauge } from '../shared/ports.js';

export const QUEUE_AGE_CACHE_MS = 30_000;

/**
 * Sheds load when the worker is far behind. The queue age is read at most once per 30 s per
 * container, never per request; a failed read lets traffic through (accepting is the safe default).
 */
export class BackpressureGuard {
  private cached: { readonly age: number; readonly at: number } | undefined;
  private reading: Promise<number> | undefined;

  constructor(
    private readonly gauge: QueueAgeGauge,
    private readonly maxQueueAgeSeconds: number,
    private readonly clock: Clock,
  ) {}

  /** Seconds the vendor should wait, or undefined to proceed. */
  async retryAfterSeconds(): Promise<number | undefined> {
    const age = await this.queueAge();
    return age > this.maxQueueAgeSeconds ? Math.ceil(QUEUE_AGE_CACHE_MS / 1000) : undefined;
  }

  private async queueAge(): Promise<number> {
    const now = this.clock();
    if (this.cached !== undefined && now - this.cached.at < QUEUE_AGE_CACHE_MS) return this.cached.age;
    this.reading ??= this.gauge
      .oldestMessageAgeSeconds()
      .catch(() => 0)
      .finally(() => {
        this.reading = undefined;
      });
    const age = await this.reading;
    this.cached = { age, at: now };
    return age;
  }
}
