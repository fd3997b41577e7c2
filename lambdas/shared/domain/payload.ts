import { UnusableEventError } from '../errors.js';

const FORM = 'application/x-www-form-urlencoded';

/** The media type without parameters, lower-cased: `Application/JSON; charset=utf-8` → `application/json`. */
export const mediaTypeOf = (contentType: string | undefined): string =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

function parseForm(text: string): Record<string, unknown> {
  const fields: Record<string, unknown> = Object.fromEntries(new URLSearchParams(text));
  // Slack interactivity sends its JSON in a `payload` field.
  const nested = fields.payload;
  if (typeof nested === 'string') {
    try {
      fields.payload = JSON.parse(nested);
    } catch {
      // keep the string: the signature was valid, the field is just not JSON
    }
  }
  return fields;
}

function decodeText(body: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch (cause) {
    throw new UnusableEventError('body is not UTF-8', { cause });
  }
}

/** Parses the signed bytes into an object: JSON, or a form (`payload` JSON field parsed too). */
export function parsePayload(body: Uint8Array, mediaType: string): Record<string, unknown> {
  return parseText(decodeText(body), mediaType);
}

/**
 * The payload and its JSON text for actions: a JSON body's own text, so big numbers, `1.0` and the
 * vendor's formatting arrive as sent (parsing and serializing again would change them); a form's
 * fields serialized.
 */
export function payloadWithJson(
  body: Uint8Array,
  mediaType: string,
): { readonly payload: Record<string, unknown>; readonly json: string } {
  const text = decodeText(body);
  const payload = parseText(text, mediaType);
  return { payload, json: mediaType === FORM ? JSON.stringify(payload) : text };
}

function parseText(text: string, mediaType: string): Record<string, unknown> {
  if (mediaType === FORM) return parseForm(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new UnusableEventError('body is not JSON', { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UnusableEventError('body is not a JSON object');
  }
  return { ...value };
}
