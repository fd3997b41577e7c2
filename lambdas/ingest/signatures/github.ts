import { bodyHmac } from './body-hmac.js';
import { normalizeHex } from './match.js';

const PREFIX = 'sha256=';

/** GitHub: `X-Hub-Signature-256: sha256=<hex>` over the body; no timestamp, the delivery id dedupes. */
export const github = bodyHmac({
  signatureHeader: 'x-hub-signature-256',
  encoding: 'hex',
  parseSignature: (value) =>
    value.startsWith(PREFIX) ? normalizeHex(value.slice(PREFIX.length)) : undefined,
  headers: (signature, input) => ({
    'X-Hub-Signature-256': `${PREFIX}${signature}`,
    'X-GitHub-Delivery': input.id,
    ...(input.eventType === undefined ? {} : { 'X-GitHub-Event': input.eventType }),
  }),
});
