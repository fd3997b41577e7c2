import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { sendFifo } from '../../shared/adapters/sqs-fifo-send.js';
import { DependencyError } from '../../shared/errors.js';
import type { DeadLetter, DeadLetterQueue } from '../../shared/ports.js';

const failed = (operation: string, cause: unknown) =>
  new DependencyError(`SQS ${operation} on the dead-letter queue failed`, { cause });

// The gateway writes string attributes only (the trace header); those are the ones carried over.
function stringAttributes(
  attributes: Record<string, MessageAttributeValue> | undefined,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value.StringValue !== undefined) result[name] = value.StringValue;
  }
  return result;
}

/** The FIFO dead-letter queue as replay uses it: receive → send elsewhere → delete, or give back. */
export class SqsDeadLetterQueue implements DeadLetterQueue {
  /**
   * @param waitTimeSeconds long polling on receive, so an empty answer means empty (short polling
   *   samples only some servers and may answer empty while messages wait).
   */
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly waitTimeSeconds = 1,
  ) {}

  async receive(visibilitySeconds: number): Promise<DeadLetter[]> {
    try {
      const { Messages } = await this.client.send(
        new ReceiveMessageCommand({
          QueueUrl: this.queueUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: visibilitySeconds,
          WaitTimeSeconds: this.waitTimeSeconds,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['MessageGroupId'],
        }),
      );
      return (Messages ?? []).map((message) => ({
        messageId: message.MessageId ?? '',
        receiptHandle: message.ReceiptHandle ?? '',
        body: message.Body ?? '',
        groupId: message.Attributes?.MessageGroupId ?? '',
        attributes: stringAttributes(message.MessageAttributes),
      }));
    } catch (error) {
      throw failed('ReceiveMessage', error);
    }
  }

  async release(receiptHandle: string): Promise<void> {
    try {
      await this.client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: this.queueUrl,
          ReceiptHandle: receiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    } catch (error) {
      throw failed('ChangeMessageVisibility', error);
    }
  }

  async delete(receiptHandle: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle }),
      );
    } catch (error) {
      throw failed('DeleteMessage', error);
    }
  }

  async appendCopy(
    message: DeadLetter,
    attributes: Readonly<Record<string, string>>,
    deduplicationId: string,
  ): Promise<void> {
    await sendFifo(
      this.client,
      {
        queueUrl: this.queueUrl,
        body: message.body,
        groupId: message.groupId,
        deduplicationId,
        attributes: { ...message.attributes, ...attributes },
      },
      'within the dead-letter queue',
    );
  }
}
