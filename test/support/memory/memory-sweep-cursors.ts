import type { SweepCursors } from '../../../lambdas/shared/ports.js';

/** The sweeper's cursors in a map, forward-only like the table's. */
export class MemorySweepCursors implements SweepCursors {
  readonly cursors = new Map<string, string>();

  async get(sourceId: string): Promise<string | undefined> {
    return this.cursors.get(sourceId);
  }

  async advance(sourceId: string, receivedAt: string): Promise<void> {
    const current = this.cursors.get(sourceId);
    if (current === undefined || current < receivedAt) this.cursors.set(sourceId, receivedAt);
  }
}
