import type { Scheme } from '../../shared/config/schema.js';
import { github } from './github.js';
import { hmacSha256Scheme } from './hmac-sha256.js';
import { shopify } from './shopify.js';
import { slack } from './slack.js';
import { standardWebhooks } from './standard-webhooks.js';
import { stripe } from './stripe.js';
import { svix } from './svix.js';
import type { SignatureScheme, SignInput, VerifyInput, VerifyResult } from './types.js';
import { wordpress } from './wordpress.js';

export type { SignatureScheme, SignInput, SigningKey, VerifyInput, VerifyResult } from './types.js';

/** One entry per scheme of docs/architecture.md#signature-schemes: adding a scheme is one file and one line here. */
const SCHEMES: Readonly<Record<Scheme, SignatureScheme>> = {
  'standard-webhooks': standardWebhooks,
  svix,
  stripe,
  github,
  slack,
  shopify,
  'hmac-sha256': hmacSha256Scheme,
  wordpress,
};

/**
 * Checks a delivery against the scheme's signature and timestamp window. Never throws: a rejection is
 * `{ ok: false, reason }`, and a reason starting with `timestamp` is about the timestamp.
 */
export function verifySignature(scheme: Scheme, input: VerifyInput): VerifyResult {
  try {
    return SCHEMES[scheme].verify(input);
  } catch (error) {
    // A verifier bug must not turn bad input into a 5xx (docs/architecture.md#invariants, item 6); the log keeps what went wrong.
    return { ok: false, reason: `verifier failed (${error instanceof Error ? error.message : 'unknown'})` };
  }
}

/** The headers the scheme's vendor would send for this body: for the local sender and printed curl. */
export function signRequest(scheme: Scheme, input: SignInput): Record<string, string> {
  return SCHEMES[scheme].sign(input);
}
