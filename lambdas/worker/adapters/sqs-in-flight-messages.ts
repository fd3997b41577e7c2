import { ChangeMessageVisibilityCommand, DeleteMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { sendFifo, traceAttribute } from '../../shared/adapters/sqs-fifo-send.js';
import { DependencyError } from '../../shared/errors.js';
import type { DeadLetterMessage, InFlightMessages } from '../../shared/ports.js';

/** Visibility, dead-lettering and deletion of messages the worker received from the main queue. */
export class SqsInFlightMessages implements InFlightMessages {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly deadLetterQueueUrl: string,
  ) {}

  async changeVisibility(receiptHandle: string, seconds: number): Promise<void> {
    try {
      await this.client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: this.queueUrl,
          ReceiptHandle: receiptHandle,
          VisibilityTimeout: seconds,
        }),
      );
    } catch (error) {
      throw new DependencyError('SQS ChangeMessageVisibility failed', { cause: error });
    }
  }

  async sendToDeadLetterQueue(message: DeadLetterMessage): Promise<void> {
    await sendFifo(
      this.client,
      {
        queueUrl: this.deadLetterQueueUrl,
        body: message.body,
        groupId: message.groupId,
        deduplicationId: message.deduplicationId,
        attributes: traceAttribute(message.traceHeader),
      },
      'to the dead-letter queue',
    );
  }

  async delete(receiptHandle: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle }),
      );
    } catch (error) {
      throw new DependencyError('SQS DeleteMessage failed', { cause: error });
    }
  }
}
