import { hmacSha256 } from './hmac.js';
import { malformedHeader, matchSignature, missingHeader } from './match.js';
import { readTimestamp, timestampText, withinWindow } from './timestamp.js';
import type { SignatureScheme } from './types.js';

const SECRET_PREFIX = 'whsec_';

/** The HMAC key: base64 of the secret without its `whsec_` prefix; empty means unusable. */
function keyOf(secret: string): Buffer | undefined {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  return key.length === 0 ? undefined : key;
}

function signatureOf(key: Buffer, id: string, timestamp: string, body: Uint8Array): string {
  return hmacSha256(key, `${id}.${timestamp}.`, body).toString('base64');
}

/** `v1,<b64>` entries of a space-separated list; other versions (e.g. asymmetric `v1a`) are ignored. */
function v1Signatures(header: string): string[] {
  return header
    .split(' ')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => entry.slice('v1,'.length))
    .filter((signature) => signature.length > 0);
}

/**
 * Standard Webhooks and Svix share one algorithm and differ only in the header prefix
 * (`webhook-*` vs `svix-*`): signed bytes `{id}.{ts}.{body}`, HMAC-SHA256, base64.
 */
export function standardWebhooksFormat(prefix: 'webhook' | 'svix'): SignatureScheme {
  const idHeader = `${prefix}-id`;
  const timestampHeader = `${prefix}-timestamp`;
  const signatureHeader = `${prefix}-signature`;
  return {
    verify(input) {
      const header = input.headers[signatureHeader];
      if (header === undefined) return missingHeader(signatureHeader);
      const id = input.headers[idHeader];
      if (id === undefined || id === '') return missingHeader(idHeader);
      const timestamp = readTimestamp(input.headers[timestampHeader], timestampHeader);
      if (!timestamp.ok) return timestamp;
      const received = v1Signatures(header);
      if (received.length === 0) return malformedHeader(signatureHeader);
      const result = matchSignature(input.keys, received, (secret) => {
        const key = keyOf(secret);
        return key === undefined ? undefined : signatureOf(key, id, timestamp.text, input.body);
      });
      return withinWindow(result, timestamp.seconds, input);
    },
    sign(input) {
      const timestamp = timestampText(input.nowSeconds);
      const key = keyOf(input.secret) ?? Buffer.alloc(0);
      return {
        [idHeader]: input.id,
        [timestampHeader]: timestamp,
        [signatureHeader]: `v1,${signatureOf(key, input.id, timestamp, input.body)}`,
      };
    },
  };
}
