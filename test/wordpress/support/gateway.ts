/**
 * The WordPress tests reach gateway code through this file only, so moving a module means fixing
 * the imports here and nowhere else.
 */

import { verifySignature } from '../../../lambdas/ingest/signatures/index.js';
import type { ForwardActionConfig } from '../../../lambdas/shared/config/schema.js';
import { SecretCache } from '../../../lambdas/shared/domain/secret-cache.js';
import { forwardToken } from '../../../lambdas/worker/actions/forward.js';
import type { NormalizedEvent } from '../../../lambdas/worker/actions/types.js';

/** The body the gateway's `forward` action posts (docs/architecture.md#worker-retry-rules): the event as actions hand it on. */
export type ForwardedEvent = NormalizedEvent;

/** The token the gateway's `forward` action would send to `url` for this event, signed with `secret`. */
export async function gatewayForwardToken(input: {
  readonly url: string;
  readonly secret: string;
  readonly event: ForwardedEvent;
  readonly nowMs?: number;
}): Promise<string> {
  const now = input.nowMs ?? Date.now();
  const action: ForwardActionConfig = {
    type: 'forward',
    url: input.url,
    jwtSecretName: 'webhook-gateway/blog/forward',
    timeoutMs: 8000,
  };
  const secrets = new SecretCache(
    { read: async () => ({ current: { signingSecret: input.secret } }) },
    () => now,
  );
  return forwardToken(action, input.event, { secrets, clock: () => now, fetch: globalThis.fetch });
}

/** Whether the gateway's `wordpress` scheme accepts a delivery (headers in any case). */
export function gatewayAcceptsWordpressDelivery(input: {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly secret: string;
  readonly nowSeconds: number;
}): { readonly ok: boolean; readonly reason?: string } {
  const headers = Object.fromEntries(
    Object.entries(input.headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return verifySignature('wordpress', {
    headers,
    body: Buffer.from(input.body, 'utf8'),
    keys: [{ id: 'current', secret: input.secret }],
    nowSeconds: input.nowSeconds,
    toleranceSeconds: 300,
  });
}
