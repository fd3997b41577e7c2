import type { DeadLetterMessage, InFlightMessages } from '../../lambdas/shared/ports.js';

/** The worker's queue operations, counted and otherwise ignored: a happy path never calls them. */
export class NoOpMessages implements InFlightMessages {
  calls = 0;

  async changeVisibility(_receiptHandle: string, _seconds: number): Promise<void> {
    this.calls += 1;
  }

  async sendToDeadLetterQueue(_message: DeadLetterMessage): Promise<void> {
    this.calls += 1;
  }

  async delete(_receiptHandle: string): Promise<void> {
    this.calls += 1;
  }
}
