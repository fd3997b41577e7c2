import type { GatewayConfig } from './load.js';

/**
 * Time one attempt needs besides its actions: loading the record, the status writes, a dead-letter
 * send. Generous, because running out of time mid-attempt leaves the record in PROCESSING.
 */
export const ATTEMPT_OVERHEAD_MS = 1_000;

/**
 * The longest one event's attempt can take: its source's actions run one after another, each
 * bounded by its `timeoutMs`. The worker starts a record only with this much time left, and the
 * stack refuses a worker timeout that cannot fit one attempt.
 */
export function longestAttemptMs(config: Pick<GatewayConfig, 'sources'>): number {
  const actionsMs = config.sources.map((source) =>
    source.actions.reduce((total, action) => total + action.timeoutMs, 0),
  );
  return Math.max(0, ...actionsMs) + ATTEMPT_OVERHEAD_MS;
}
