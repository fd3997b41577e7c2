import { safeEqual } from './hmac.js';
import type { SigningKey, VerifyResult } from './types.js';

/**
 * Tries each key in order (current first) against every signature the vendor sent; any match wins and
 * the result names the key. `expectedFor` returns undefined for a key that cannot sign (empty after
 * decoding): such a key never matches.
 */
export function matchSignature(
  keys: readonly SigningKey[],
  received: readonly string[],
  expectedFor: (secret: string) => string | undefined,
): VerifyResult {
  if (keys.length === 0) return { ok: false, reason: 'no signing key' };
  for (const key of keys) {
    if (key.secret.length === 0) continue;
    const expected = expectedFor(key.secret);
    if (expected === undefined) continue;
    if (received.some((signature) => safeEqual(expected, signature))) return { ok: true, key: key.id };
  }
  return { ok: false, reason: 'signature mismatch' };
}

export const missingHeader = (name: string): VerifyResult => ({
  ok: false,
  reason: `missing header ${name}`,
});
export const malformedHeader = (name: string): VerifyResult => ({
  ok: false,
  reason: `malformed header ${name}`,
});

/** A hex digest as received, lower-cased so `ABCD…` and `abcd…` compare equal. */
export const normalizeHex = (value: string): string => value.trim().toLowerCase();
