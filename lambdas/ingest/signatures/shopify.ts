import { hmacSha256 } from './hmac.js';
import { matchSignature, missingHeader } from './match.js';
import type { SignatureScheme } from './types.js';

const HEADER = 'x-shopify-hmac-sha256';

const signatureOf = (secret: string, body: Uint8Array): string => hmacSha256(secret, body).toString('base64');

/** Shopify: `X-Shopify-Hmac-Sha256: <base64>` over the body; no timestamp, the event id dedupes. */
export const shopify: SignatureScheme = {
  verify(input) {
    const header = input.headers[HEADER];
    if (header === undefined) return missingHeader(HEADER);
    return matchSignature(input.keys, [header.trim()], (secret) => signatureOf(secret, input.body));
  },
  sign(input) {
    return {
      'X-Shopify-Hmac-Sha256': signatureOf(input.secret, input.body),
      'X-Shopify-Event-Id': input.id,
      ...(input.eventType === undefined ? {} : { 'X-Shopify-Topic': input.eventType }),
    };
  },
};
