import { hmacSha256 } from './hmac.js';
import { malformedHeader, matchSignature, missingHeader, normalizeHex } from './match.js';
import type { SignatureScheme } from './types.js';

const HEADER = 'x-hub-signature-256';
const PREFIX = 'sha256=';

const signatureOf = (secret: string, body: Uint8Array): string => hmacSha256(secret, body).toString('hex');

/** GitHub: `X-Hub-Signature-256: sha256=<hex>` over the body; no timestamp, the delivery id dedupes. */
export const github: SignatureScheme = {
  verify(input) {
    const header = input.headers[HEADER];
    if (header === undefined) return missingHeader(HEADER);
    const value = header.trim();
    if (!value.startsWith(PREFIX)) return malformedHeader(HEADER);
    const received = normalizeHex(value.slice(PREFIX.length));
    return matchSignature(input.keys, [received], (secret) => signatureOf(secret, input.body));
  },
  sign(input) {
    return {
      'X-Hub-Signature-256': `${PREFIX}${signatureOf(input.secret, input.body)}`,
      'X-GitHub-Delivery': input.id,
      ...(input.eventType === undefined ? {} : { 'X-GitHub-Event': input.eventType }),
    };
  },
};
