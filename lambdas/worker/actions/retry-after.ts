/**
 * Seconds a downstream asked us to wait: `Retry-After` as delta-seconds or an HTTP date (RFC 9110).
 * Undefined when absent or unreadable.
 */
export function retryAfterSecondsOf(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - nowMs) / 1000));
}
