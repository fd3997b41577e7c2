/** One message received from the FIFO dead-letter queue. */
export interface DeadLetter {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly groupId: string;
  /** String message attributes (the trace header, the replay run mark). */
  readonly attributes: Readonly<Record<string, string>>;
}

/** What replay does on the dead-letter queue: receive → (send elsewhere) → delete, or give back. */
export interface DeadLetterQueue {
  /** Up to 10 messages, hidden for `visibilitySeconds`; empty when nothing is visible. */
  receive(visibilitySeconds: number): Promise<DeadLetter[]>;
  /** Visible again at once, in its place at the head of its group. */
  release(receiptHandle: string): Promise<void>;
  delete(receiptHandle: string): Promise<void>;
  /**
   * Sends a copy of the message to the tail of its own group, with `attributes` added; the caller
   * deletes the original afterwards. `deduplicationId` makes a retried send harmless.
   */
  appendCopy(
    message: DeadLetter,
    attributes: Readonly<Record<string, string>>,
    deduplicationId: string,
  ): Promise<void>;
}
