import * as z from 'zod/mini';
import type { EventKey } from './event.js';

/** The body of a queue message: a reference to the stored event, never the payload itself. */
const queueMessageSchema = z.object({
  eventId: z.string().check(z.minLength(1)),
  sourceId: z.string().check(z.minLength(1)),
  idempotencyKey: z.string().check(z.minLength(1)),
  /**
   * The record's replay count when this message was sent: each replay sends a new message, so a
   * message whose count is the record's is the event's latest copy. Absent in older messages.
   */
  replayCount: z.optional(z.int().check(z.minimum(0))),
});
export type QueueMessage = z.infer<typeof queueMessageSchema>;

export const encodeQueueMessage = (
  message: EventKey & { readonly eventId: string; readonly replayCount: number },
): string =>
  JSON.stringify({
    eventId: message.eventId,
    sourceId: message.sourceId,
    idempotencyKey: message.idempotencyKey,
    replayCount: message.replayCount,
  });

/** Throws (a zod error, or a SyntaxError) for a body the gateway did not write. */
export const decodeQueueMessage = (body: string): QueueMessage => queueMessageSchema.parse(JSON.parse(body));
