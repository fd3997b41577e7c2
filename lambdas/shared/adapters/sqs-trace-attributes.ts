import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import { TRACE_ATTRIBUTE } from '../observability/names.js';

/** The message attributes that carry the ingest's trace header, or none. */
export const traceAttributes = (
  traceHeader: string | undefined,
): { MessageAttributes?: Record<string, MessageAttributeValue> } =>
  traceHeader === undefined
    ? {}
    : { MessageAttributes: { [TRACE_ATTRIBUTE]: { DataType: 'String', StringValue: traceHeader } } };
