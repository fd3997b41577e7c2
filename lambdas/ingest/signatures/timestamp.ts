import type { VerifyInput, VerifyResult } from './types.js';

export type TimestampRead =
  | { readonly ok: true; readonly text: string; readonly seconds: number }
  | { readonly ok: false; readonly reason: string };

// Whole Unix seconds only: a vendor never sends a sign, a fraction or an exponent.
const UNIX_SECONDS = /^\d{1,12}$/;

/** Reads a Unix-seconds timestamp; `text` is kept as received because that is what the vendor signed. */
export function readTimestamp(value: string | undefined, where: string): TimestampRead {
  if (value === undefined || value.trim() === '')
    return { ok: false, reason: `timestamp missing (${where})` };
  const text = value.trim();
  if (!UNIX_SECONDS.test(text)) return { ok: false, reason: `timestamp malformed (${where})` };
  return { ok: true, text, seconds: Number(text) };
}

/**
 * Applies the ±tolerance window to a signature that already matched. Checking the window after the MAC
 * (as Stripe's own SDK does) means `timestamp …` reasons count only genuine deliveries that are stale or
 * from a skewed clock, never forgeries.
 */
export function withinWindow(result: VerifyResult, seconds: number, input: VerifyInput): VerifyResult {
  if (!result.ok) return result;
  const age = input.nowSeconds - seconds;
  if (age > input.toleranceSeconds) return { ok: false, reason: `timestamp outside window (${age}s old)` };
  if (-age > input.toleranceSeconds)
    return { ok: false, reason: `timestamp outside window (${-age}s ahead)` };
  return result;
}

/** The timestamp a signer puts in its headers. */
export const timestampText = (nowSeconds: number): string => String(Math.floor(nowSeconds));
