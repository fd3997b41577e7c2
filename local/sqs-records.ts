import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { LOCAL_REGION } from './aws-clients.js';

function toRecordAttributes(
  attributes: Record<string, MessageAttributeValue> | undefined,
): SQSMessageAttributes {
  const result: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(attributes ?? {})) {
    result[name] = {
      dataType: value.DataType ?? 'String',
      stringListValues: [],
      binaryListValues: [],
      ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
    };
  }
  return result;
}

/** A received message as Lambda's SQS event source mapping hands it to the function. */
export function toSqsRecord(message: Message, queueArn: string, nowMs: number): SQSRecord {
  const system = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: system.ApproximateReceiveCount ?? '1',
      SentTimestamp: system.SentTimestamp ?? String(nowMs),
      SenderId: system.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: system.ApproximateFirstReceiveTimestamp ?? String(nowMs),
      ...(system.MessageGroupId === undefined ? {} : { MessageGroupId: system.MessageGroupId }),
      ...(system.MessageDeduplicationId === undefined
        ? {}
        : { MessageDeduplicationId: system.MessageDeduplicationId }),
      ...(system.SequenceNumber === undefined ? {} : { SequenceNumber: system.SequenceNumber }),
    },
    messageAttributes: toRecordAttributes(message.MessageAttributes),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: LOCAL_REGION,
  };
}

/**
 * What the event source mapping deletes after an invocation with ReportBatchItemFailures (docs/architecture.md#limits-and-aws-facts-the-code-relies-on):
 * nothing when the function failed, everything on an empty or missing response, nothing when a
 * failure names a message that is not in the batch, else every message not reported as failed.
 */
export function messagesToDelete(
  records: readonly SQSRecord[],
  outcome:
    | { readonly failed: true }
    | { readonly failed: false; readonly response: SQSBatchResponse | undefined },
): SQSRecord[] {
  if (outcome.failed) return [];
  const failures = outcome.response?.batchItemFailures ?? [];
  const known = new Set(records.map((record) => record.messageId));
  const failed = new Set<string>();
  for (const failure of failures) {
    if (!known.has(failure.itemIdentifier)) return [];
    failed.add(failure.itemIdentifier);
  }
  return records.filter((record) => !failed.has(record.messageId));
}
