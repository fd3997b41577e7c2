import { createHash, createHmac } from 'node:crypto';

const decoder = new TextDecoder();

/**
 * The least work any verifying gateway does per event: HMAC-SHA256 of the body (the signature),
 * SHA-256 of the body (the payload hash) and JSON.parse of it (the idempotency key and entity).
 * Returns something derived from all three so none of it can be optimised away.
 */
export function floorWork(secret: string, body: Uint8Array): number {
  const mac = createHmac('sha256', secret).update(body).digest('hex');
  const hash = createHash('sha256').update(body).digest('hex');
  const value: unknown = JSON.parse(decoder.decode(body));
  return mac.length + hash.length + (typeof value === 'object' ? 1 : 0);
}
