import type { ActionConfig } from '../../shared/config/schema.js';
import type { SecretCache } from '../../shared/domain/secret-cache.js';
import type { Clock } from '../../shared/ports.js';

/** The event as actions hand it downstream: the stored record's public fields and the parsed body. */
export interface NormalizedEvent {
  readonly eventId: string;
  readonly sourceId: string;
  readonly tenant: string;
  readonly eventType: string;
  readonly entityId: string;
  readonly receivedAt: string;
  readonly payload: Record<string, unknown>;
}

/** What an action gets: the normalized event and its payload's JSON text as it is to be sent. */
export interface ActionEvent extends NormalizedEvent {
  /** The body's own JSON text (a form's fields serialized): see `payloadWithJson`. */
  readonly payloadJson: string;
}

export interface ActionDeps {
  readonly secrets: SecretCache;
  readonly clock: Clock;
  readonly fetch: typeof globalThis.fetch;
}

/** A short, log-safe line stored as the record's result. */
export interface ActionResult {
  readonly summary: string;
}

/**
 * Runs one configured action. Throws a RetryableActionError or PermanentActionError (errors.ts);
 * anything else is treated as retryable by the worker.
 */
export type ActionRunner<A extends ActionConfig> = (
  action: A,
  event: ActionEvent,
  deps: ActionDeps,
) => Promise<ActionResult>;
