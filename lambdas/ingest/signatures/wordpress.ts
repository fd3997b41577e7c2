import { timestampedHex } from './timestamped-hex.js';

/** The WordPress relay plugin: `X-WP-Signature: <hex>` over `{ts}.{body}`, `X-WP-Timestamp`. */
export const wordpress = timestampedHex({
  signatureHeader: 'x-wp-signature',
  timestampHeader: 'x-wp-timestamp',
  signedPrefix: (timestamp) => `${timestamp}.`,
  parseSignature: (value) => value,
  headers: (signature, timestamp, input) => ({
    'X-WP-Signature': signature,
    'X-WP-Timestamp': timestamp,
    'Idempotency-Key': input.id,
  }),
});
