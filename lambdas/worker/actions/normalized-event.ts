import type { StoredEvent } from '../../shared/domain/event.js';
import { mediaTypeOf, payloadWithJson } from '../../shared/domain/payload.js';
import { PermanentActionError, UnusableEventError } from '../../shared/errors.js';
import type { ActionEvent } from './types.js';

/** Builds what actions send; a body that no longer parses can never succeed, so it is permanent. */
export function normalizeEvent(event: StoredEvent): ActionEvent {
  let parsed: ReturnType<typeof payloadWithJson>;
  try {
    parsed = payloadWithJson(event.body, mediaTypeOf(event.contentType));
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
    payload: parsed.payload,
    payloadJson: parsed.json,
  };
}

/**
 * The normalized event as JSON with the payload's own text spliced in (the envelope is serialized,
 * the payload is not), so a downstream receives the vendor's payload byte for byte.
 */
export function normalizedEventJson(event: ActionEvent): string {
  const { payload: _parsed, payloadJson, ...envelope } = event;
  const head = JSON.stringify(envelope);
  return `${head.slice(0, -1)},"payload":${payloadJson}}`;
}
