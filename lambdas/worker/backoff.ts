/** Random number in [0, 1); injected so tests can pin the jitter. */
export type RandomSource = () => number;

export interface RetryPolicy {
  readonly baseDelaySeconds: number;
  readonly maxDelaySeconds: number;
}

/** SQS refuses a visibility timeout above 12 hours. */
const MAX_VISIBILITY_SECONDS = 43_200;

/** The upper bound of the wait before attempt `n + 1`: `min(maxDelay, base·2^(n-1))`. */
export function backoffCeilingSeconds(policy: RetryPolicy, attempt: number): number {
  const exponential = policy.baseDelaySeconds * 2 ** Math.max(0, attempt - 1);
  return Math.min(policy.maxDelaySeconds, MAX_VISIBILITY_SECONDS, exponential);
}

/**
 * Seconds until the message is retried. Full jitter (a whole number drawn evenly from [0, ceiling]) keeps
 * many failing entities from retrying in lockstep; a downstream's `Retry-After` wins, up to maxDelay.
 */
export function retryDelaySeconds(
  policy: RetryPolicy,
  attempt: number,
  random: RandomSource,
  retryAfterSeconds?: number,
): number {
  const cap = Math.min(policy.maxDelaySeconds, MAX_VISIBILITY_SECONDS);
  if (retryAfterSeconds !== undefined) return Math.min(cap, Math.max(0, Math.ceil(retryAfterSeconds)));
  const ceiling = backoffCeilingSeconds(policy, attempt);
  return Math.min(ceiling, Math.floor(random() * (ceiling + 1)));
}
