import { z } from 'zod';
import type { EventKey } from './event.js';

/** The body of a queue message: a reference to the stored event, never the payload itself. */
const queueMessageSchema = z.object({
  eventId: z.string().min(1),
  sourceId: z.string().min(1),
  idempotencyKey: z.string().min(1),
  /**
   * The record's replay count when this message was sent: each replay sends a new message, so a
   * message whose count is the record's is the event's latest copy. Absent in older messages.
   */
  replayCount: z.int().min(0).optional(),
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

/** Throws a ZodError (or SyntaxError) for a body the gateway did not write. */
export const decodeQueueMessage = (body: string): QueueMessage => queueMessageSchema.parse(JSON.parse(body));
