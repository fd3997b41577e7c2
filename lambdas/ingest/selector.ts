/**
 * Reads a `header:<name>` or `body:<dot.path>` selector (validated by the config schema).
 * Numbers and booleans become strings, so `body:post_id` works for numeric ids; objects do not count.
 */
export function readSelector(
  selector: string,
  headers: Readonly<Record<string, string>>,
  payload: unknown,
): string | undefined {
  const colon = selector.indexOf(':');
  const kind = selector.slice(0, colon);
  const path = selector.slice(colon + 1);
  if (kind === 'header') return nonEmpty(headers[path.toLowerCase()]);
  let value: unknown = payload;
  for (const segment of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  if (typeof value === 'string') return nonEmpty(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value;
