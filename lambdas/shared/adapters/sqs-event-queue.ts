import type { SQSClient } from '@aws-sdk/client-sqs';
import type { QueuedEvent } from '../domain/event.js';
import { encodeQueueMessage } from '../domain/queue-message.js';
import type { EventQueue } from '../ports.js';
import { sendFifo, traceAttribute } from './sqs-fifo-send.js';

/** The main FIFO queue: one message per event, grouped by entity. */
export class SqsEventQueue implements EventQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(message: QueuedEvent): Promise<void> {
    await sendFifo(
      this.client,
      {
        queueUrl: this.queueUrl,
        body: encodeQueueMessage(message),
        groupId: message.groupId,
        deduplicationId: message.deduplicationId,
        attributes: traceAttribute(message.traceHeader),
      },
      'to the main queue',
    );
  }
}
