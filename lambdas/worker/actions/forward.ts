import { SignJWT } from 'jose';
import type { ForwardActionConfig } from '../../shared/config/schema.js';
import { sha256Hex } from '../../shared/domain/ids.js';
import { DependencyError, PermanentActionError, RetryableActionError } from '../../shared/errors.js';
import { normalizedEventJson } from './normalized-event.js';
import { retryAfterSecondsOf } from './retry-after.js';
import type { ActionDeps, ActionEvent, ActionResult, ActionRunner, NormalizedEvent } from './types.js';

export const FORWARD_ISSUER = 'webhook-gateway';
/** A forwarded token lives at most five minutes (docs/architecture.md#worker-retry-rules). */
export const FORWARD_TOKEN_TTL_SECONDS = 300;

/**
 * Names a key without revealing it: the first 16 hex characters of its SHA-256. A receiver that holds
 * the current and the previous key during a rotation picks the one the token names.
 */
export const keyIdOf = (secret: string): string => sha256Hex(secret).slice(0, 16);

interface SigningKey {
  readonly id: string;
  readonly bytes: Uint8Array;
}

async function signingKeyOf(action: ForwardActionConfig, deps: ActionDeps): Promise<SigningKey> {
  let secret: unknown;
  try {
    secret = (await deps.secrets.get(action.jwtSecretName)).current.signingSecret;
  } catch (error) {
    if (error instanceof DependencyError) throw new RetryableActionError(error.message, { cause: error });
    throw error;
  }
  // A missing key is an operator mistake: retrying cannot fix it, replay after the fix can.
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new PermanentActionError(`secret ${action.jwtSecretName} has no signingSecret`);
  }
  return { id: keyIdOf(secret), bytes: new TextEncoder().encode(secret) };
}

/** HS256 token: issuer, audience = the receiver's origin, jti = eventId so a receiver can spot replays. */
export async function forwardToken(
  action: ForwardActionConfig,
  event: Pick<NormalizedEvent, 'eventId' | 'sourceId' | 'tenant'>,
  deps: ActionDeps,
): Promise<string> {
  const key = await signingKeyOf(action, deps);
  const now = Math.floor(deps.clock() / 1000);
  return new SignJWT({ sourceId: event.sourceId, tenant: event.tenant })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.id })
    .setIssuer(FORWARD_ISSUER)
    .setAudience(new URL(action.url).origin)
    .setIssuedAt(now)
    .setExpirationTime(now + FORWARD_TOKEN_TTL_SECONDS)
    .setJti(event.eventId)
    .sign(key.bytes);
}

const isRetryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

async function post(action: ForwardActionConfig, event: ActionEvent, token: string, deps: ActionDeps) {
  const origin = new URL(action.url).origin;
  try {
    return await deps.fetch(action.url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': event.eventId,
      },
      body: normalizedEventJson(event),
      // A redirect would resend the token elsewhere: the configured URL must be the final one.
      redirect: 'manual',
      signal: AbortSignal.timeout(action.timeoutMs),
    });
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `timed out after ${action.timeoutMs} ms`
        : 'failed';
    throw new RetryableActionError(`forward to ${origin} ${reason}`, { cause: error });
  }
}

/** POSTs the normalized event with a signed JWT and `Idempotency-Key` (docs/architecture.md#worker-retry-rules). */
export const forward: ActionRunner<ForwardActionConfig> = async (
  action,
  event,
  deps,
): Promise<ActionResult> => {
  const token = await forwardToken(action, event, deps);
  const response = await post(action, event, token, deps);
  // The body is not needed (and may be large or sensitive): release the connection.
  await response.body?.cancel().catch(() => undefined);
  const origin = new URL(action.url).origin;
  const summary = `forward to ${origin} answered ${response.status}`;
  if (response.ok) return { summary };
  if (isRetryableStatus(response.status)) {
    const retryAfterSeconds = retryAfterSecondsOf(response.headers.get('retry-after'), deps.clock());
    throw new RetryableActionError(summary, retryAfterSeconds === undefined ? {} : { retryAfterSeconds });
  }
  throw new PermanentActionError(summary);
};
