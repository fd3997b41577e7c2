import { timestampedHex } from './timestamped-hex.js';

const PREFIX = 'sha256=';

/** Generic HMAC: `X-Signature: [sha256=]<hex>` over `{ts}.{body}`, `X-Timestamp`, `X-Event-Id`. */
export const hmacSha256Scheme = timestampedHex({
  signatureHeader: 'x-signature',
  timestampHeader: 'x-timestamp',
  signedPrefix: (timestamp) => `${timestamp}.`,
  parseSignature: (value) => (value.startsWith(PREFIX) ? value.slice(PREFIX.length) : value),
  headers: (signature, timestamp, input) => ({
    'X-Signature': signature,
    'X-Timestamp': timestamp,
    'X-Event-Id': input.id,
  }),
});
