import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DependencyError } from '../errors.js';
import { TRACE_ATTRIBUTE } from '../observability/names.js';

export interface FifoMessage {
  readonly queueUrl: string;
  readonly body: string;
  readonly groupId: string;
  readonly deduplicationId: string;
  /** String message attributes (the trace header, a replay run's mark). */
  readonly attributes?: Readonly<Record<string, string>>;
}

/** The attribute that carries the ingest's trace header to the worker, or none. */
export const traceAttribute = (traceHeader: string | undefined): Record<string, string> =>
  traceHeader === undefined ? {} : { [TRACE_ATTRIBUTE]: traceHeader };

/** One SendMessage to a FIFO queue; an SQS failure becomes a DependencyError that says what was sent. */
export async function sendFifo(client: SQSClient, message: FifoMessage, what: string): Promise<void> {
  const attributes = Object.entries(message.attributes ?? {});
  try {
    await client.send(
      new SendMessageCommand({
        QueueUrl: message.queueUrl,
        MessageBody: message.body,
        MessageGroupId: message.groupId,
        MessageDeduplicationId: message.deduplicationId,
        ...(attributes.length === 0
          ? {}
          : {
              MessageAttributes: Object.fromEntries(
                attributes.map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
              ),
            }),
      }),
    );
  } catch (error) {
    throw new DependencyError(`SQS SendMessage ${what} failed`, { cause: error });
  }
}
