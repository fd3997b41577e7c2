/**
 * Normalizes a vendor's event time to ISO-8601 so times compare as text: epoch seconds (Stripe
 * `created`), epoch milliseconds, or any date string (WordPress `published_at`). Unknown → undefined.
 */
export function normalizeOccurredAt(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(value)) {
    const n = Number(value);
    ms = n < 1e12 ? n * 1000 : n;
  } else {
    ms = Date.parse(value);
  }
  if (!Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
