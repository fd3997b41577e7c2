import type { SQSRecord } from 'aws-lambda';
import { TRACE_ATTRIBUTE } from '../shared/observability/names.js';
import type { WorkerMessage } from './worker-message.js';

function receiveCountOf(record: SQSRecord): number {
  const count = Number.parseInt(record.attributes.ApproximateReceiveCount, 10);
  return Number.isInteger(count) && count >= 1 ? count : 1;
}

/** Reads only fields SQS itself provides, so the local poller's records work the same as Lambda's. */
export function toWorkerMessage(record: SQSRecord): WorkerMessage {
  const traceHeader =
    record.messageAttributes?.[TRACE_ATTRIBUTE]?.stringValue ?? record.attributes.AWSTraceHeader;
  return {
    messageId: record.messageId,
    receiptHandle: record.receiptHandle,
    body: record.body,
    receiveCount: receiveCountOf(record),
    groupId: record.attributes.MessageGroupId,
    traceHeader: traceHeader === '' ? undefined : traceHeader,
  };
}
