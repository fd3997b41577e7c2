import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueuedEvent } from '../domain/event.js';
import { encodeQueueMessage } from '../domain/queue-message.js';
import { DependencyError } from '../errors.js';
import type { EventQueue } from '../ports.js';
import { traceAttributes } from './sqs-trace-attributes.js';

/** The main FIFO queue: one message per event, grouped by entity. */
export class SqsEventQueue implements EventQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(message: QueuedEvent): Promise<void> {
    try {
      await this.client.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrl,
          MessageBody: encodeQueueMessage(message),
          MessageGroupId: message.groupId,
          MessageDeduplicationId: message.deduplicationId,
          ...traceAttributes(message.traceHeader),
        }),
      );
    } catch (error) {
      throw new DependencyError('SQS SendMessage failed', { cause: error });
    }
  }
}
