import type { StoredEvent } from '../../shared/domain/event.js';
import { mediaTypeOf, parsePayload } from '../../shared/domain/payload.js';
import { PermanentActionError, UnusableEventError } from '../../shared/errors.js';
import type { NormalizedEvent } from './types.js';

/** Builds what actions send; a body that no longer parses can never succeed, so it is permanent. */
export function normalizeEvent(event: StoredEvent): NormalizedEvent {
  let payload: Record<string, unknown>;
  try {
    payload = parsePayload(event.body, mediaTypeOf(event.contentType));
  } catch (error) {
    if (error instanceof UnusableEventError) throw new PermanentActionError(error.message, { cause: error });
    throw error;
  }
  return {
    eventId: event.eventId,
    sourceId: event.sourceId,
    tenant: event.tenant,
    eventType: event.eventType,
    entityId: event.entityId,
    receivedAt: event.receivedAt,
    payload,
  };
}
