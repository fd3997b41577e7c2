import type { SourceLag } from '../../../lambdas/shared/ports.js';

/** A real, in-process SourceLag; counts reads so tests can see the guard's caching. */
export class MemorySourceLag implements SourceLag {
  readonly marks = new Map<string, number>();
  reads = 0;

  async behindUntil(sourceId: string): Promise<number | undefined> {
    this.reads += 1;
    return this.marks.get(sourceId);
  }

  async markBehind(sourceId: string, untilMs: number): Promise<void> {
    this.marks.set(sourceId, Math.max(untilMs, this.marks.get(sourceId) ?? 0));
  }
}
