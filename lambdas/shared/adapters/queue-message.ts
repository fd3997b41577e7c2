import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import type { EventKey } from '../domain/event.js';
import { TRACE_ATTRIBUTE } from '../observability/names.js';

/** The body of a queue message: a reference to the stored event, never the payload itself. */
const queueMessageSchema = z.object({
  eventId: z.string().min(1),
  sourceId: z.string().min(1),
  idempotencyKey: z.string().min(1),
});
export type QueueMessage = z.infer<typeof queueMessageSchema>;

export const encodeQueueMessage = (message: EventKey & { readonly eventId: string }): string =>
  JSON.stringify({
    eventId: message.eventId,
    sourceId: message.sourceId,
    idempotencyKey: message.idempotencyKey,
  });

/** Throws a ZodError (or SyntaxError) for a body the gateway did not write. */
export const decodeQueueMessage = (body: string): QueueMessage => queueMessageSchema.parse(JSON.parse(body));

/** The message attributes that carry the ingest's trace header, or none. */
export const traceAttributes = (
  traceHeader: string | undefined,
): { MessageAttributes?: Record<string, MessageAttributeValue> } =>
  traceHeader === undefined
    ? {}
    : { MessageAttributes: { [TRACE_ATTRIBUTE]: { DataType: 'String', StringValue: traceHeader } } };
