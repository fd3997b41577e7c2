import { findSource, type GatewayConfig } from '../shared/config/load.js';
import type { EventStatus } from '../shared/domain/event.js';
import { NotFoundError, UnauthorizedError } from '../shared/errors.js';
import type { EventStore } from '../shared/ports.js';
import type { TenantTokens } from './tenant-tokens.js';

export interface StatusRequest {
  readonly sourceId: string;
  readonly idempotencyKey: string;
  /** The `Authorization` header as sent, if any. */
  readonly authorization: string | undefined;
}

export interface StatusDeps {
  readonly config: GatewayConfig;
  readonly store: EventStore;
  readonly tokens: TenantTokens;
}

/** The only fields the status API shows: never the payload, headers or anything secret. */
export interface EventStatusView {
  readonly eventId: string;
  readonly status: EventStatus;
  readonly attempts: number;
  readonly eventType: string;
  readonly entityId: string;
  readonly receivedAt: string;
  readonly updatedAt: string;
  readonly lastError?: string;
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * Token first, whatever is asked: without a valid token the answer is 401 for every path, so nobody
 * learns what exists. With one, anything outside the token's tenant is 404, exactly like a missing
 * event (docs/architecture.md#status-api).
 */
export async function eventStatus(request: StatusRequest, deps: StatusDeps): Promise<EventStatusView> {
  const token = BEARER.exec(request.authorization ?? '')?.[1];
  if (token === undefined) throw new UnauthorizedError('no bearer token');
  const source = findSource(deps.config, request.sourceId);
  const tenant = await deps.tokens.tenantOf(token, source?.tenant);
  if (tenant === undefined) throw new UnauthorizedError('token matches no tenant');
  if (source === undefined || source.tenant !== tenant)
    throw new NotFoundError('no such source for this tenant');
  const event = await deps.store.getRecord({ sourceId: source.id, idempotencyKey: request.idempotencyKey });
  if (event === undefined || event.tenant !== tenant) throw new NotFoundError('no such event');
  return {
    eventId: event.eventId,
    status: event.status,
    attempts: event.attempts,
    eventType: event.eventType,
    entityId: event.entityId,
    receivedAt: event.receivedAt,
    updatedAt: event.updatedAt,
    ...(event.lastError === undefined ? {} : { lastError: event.lastError }),
  };
}
