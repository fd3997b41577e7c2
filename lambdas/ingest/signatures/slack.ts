import { timestampedHex } from './timestamped-hex.js';

const PREFIX = 'v0=';

/** Slack: `X-Slack-Signature: v0=<hex>` over `v0:{ts}:{body}`, `X-Slack-Request-Timestamp`. */
export const slack = timestampedHex({
  signatureHeader: 'x-slack-signature',
  timestampHeader: 'x-slack-request-timestamp',
  signedPrefix: (timestamp) => `v0:${timestamp}:`,
  parseSignature: (value) => (value.startsWith(PREFIX) ? value.slice(PREFIX.length) : undefined),
  // Slack carries its event id in the body (`event_id`), not in a header.
  headers: (signature, timestamp) => ({
    'X-Slack-Signature': `${PREFIX}${signature}`,
    'X-Slack-Request-Timestamp': timestamp,
  }),
});
