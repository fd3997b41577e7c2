import { z } from 'zod';
import type { EventKey } from './event.js';

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
