import type { QueuedEvent } from '../../../lambdas/shared/domain/event.js';
import type { EventQueue } from '../../../lambdas/shared/ports.js';

/** Collects sent messages in order; used by the benchmarks and unit tests. */
export class MemoryEventQueue implements EventQueue {
  readonly sent: QueuedEvent[] = [];

  async send(message: QueuedEvent): Promise<void> {
    this.sent.push(message);
  }
}
