import type { EntityWatermarks } from '../../../lambdas/shared/ports.js';

/** In-process watermarks with the table's forward-only rule; used by the benchmarks and unit tests. */
export class MemoryWatermarkStore implements EntityWatermarks {
  readonly items = new Map<string, string>();

  async get(sourceId: string, entityId: string): Promise<string | undefined> {
    return this.items.get(`${sourceId}#${entityId}`);
  }

  async advance(sourceId: string, entityId: string, occurredAt: string, _expiresAt: number): Promise<void> {
    const key = `${sourceId}#${entityId}`;
    const current = this.items.get(key);
    if (current === undefined || current < occurredAt) this.items.set(key, occurredAt);
  }
}
