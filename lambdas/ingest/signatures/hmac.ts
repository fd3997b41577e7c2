import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 over `parts` in order: strings as UTF-8, bytes exactly as given (the body is never decoded). */
export function hmacSha256(key: string | Uint8Array, ...parts: readonly (string | Uint8Array)[]): Buffer {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** Constant-time text equality; lengths first because `timingSafeEqual` throws when they differ. */
export function safeEqual(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
