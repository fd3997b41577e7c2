/**
 * A vendor's time as epoch milliseconds: epoch seconds (Stripe `created`), epoch milliseconds, or any
 * date string (WordPress `modified_gmt`, Shopify's nanosecond ISO). Unknown → undefined.
 */
export function epochMsOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(value)) {
    const n = Number(value);
    ms = n < 1e12 ? n * 1000 : n;
  } else {
    ms = Date.parse(value);
  }
  return Number.isFinite(ms) && !Number.isNaN(new Date(ms).getTime()) ? ms : undefined;
}

/** The vendor's event time as ISO-8601, so times compare as text (see `epochMsOf`). */
export function normalizeOccurredAt(value: string | undefined): string | undefined {
  const ms = epochMsOf(value);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}
