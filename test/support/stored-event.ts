import type { StoredEvent } from '../../lambdas/shared/domain/event.js';
import { eventIdOf } from '../../lambdas/shared/domain/ids.js';

/** A stored event as ingest would write it; every field can be overridden. */
export function storedEvent(
  overrides: Partial<StoredEvent> & Pick<StoredEvent, 'idempotencyKey'>,
): StoredEvent {
  const sourceId = overrides.sourceId ?? 'shop-acme';
  const receivedAt = overrides.receivedAt ?? '2026-03-01T11:59:58.500Z';
  return {
    sourceId,
    eventId: eventIdOf({ sourceId, idempotencyKey: overrides.idempotencyKey }),
    tenant: 'acme',
    eventType: 'order.paid',
    entityId: 'order-1',
    receivedAt,
    payloadHash: 'hash',
    contentType: 'application/json',
    status: 'RECEIVED',
    attempts: 0,
    replayCount: 0,
    signingKey: 'current',
    updatedAt: receivedAt,
    expiresAt: 1_900_000_000,
    body: new TextEncoder().encode('{"type":"order.paid"}'),
    ...overrides,
  };
}
