/** A message to copy to the dead-letter queue, in its own group so the DLQ keeps per-entity order. */
export interface DeadLetterMessage {
  readonly body: string;
  readonly groupId: string;
  readonly deduplicationId: string;
  readonly traceHeader?: string;
}

/** What the worker does to a message it received, besides letting the batch response decide. */
export interface InFlightMessages {
  /** The message becomes visible again after `seconds` (0: at once). */
  changeVisibility(receiptHandle: string, seconds: number): Promise<void>;
  sendToDeadLetterQueue(message: DeadLetterMessage): Promise<void>;
  /** Removes the message from the main queue. */
  delete(receiptHandle: string): Promise<void>;
}
