import { hmacSha256 } from './hmac.js';
import { malformedHeader, matchSignature, missingHeader, normalizeHex } from './match.js';
import { readTimestamp, timestampText, withinWindow } from './timestamp.js';
import type { SignatureScheme } from './types.js';

const HEADER = 'stripe-signature';

// The key is the whole `whsec_…` string as UTF-8 (unlike Standard Webhooks, nothing is decoded).
const signatureOf = (secret: string, timestamp: string, body: Uint8Array): string =>
  hmacSha256(secret, `${timestamp}.`, body).toString('hex');

interface ParsedHeader {
  readonly timestamp: string | undefined;
  readonly v1: readonly string[];
}

/** `t=…,v1=…[,v1=…]`; `v0` and unknown schemes are ignored, as Stripe's SDK does. */
function parseHeader(header: string): ParsedHeader {
  let timestamp: string | undefined;
  const v1: string[] = [];
  for (const item of header.split(',')) {
    const eq = item.indexOf('=');
    if (eq < 0) continue;
    const name = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (name === 't') timestamp ??= value;
    else if (name === 'v1' && value !== '') v1.push(normalizeHex(value));
  }
  return { timestamp, v1 };
}

/** Stripe: `Stripe-Signature: t=<ts>,v1=<hex>` over `{t}.{body}`. */
export const stripe: SignatureScheme = {
  verify(input) {
    const header = input.headers[HEADER];
    if (header === undefined) return missingHeader(HEADER);
    const parsed = parseHeader(header);
    const timestamp = readTimestamp(parsed.timestamp, `t in ${HEADER}`);
    if (!timestamp.ok) return timestamp;
    if (parsed.v1.length === 0) return malformedHeader(HEADER);
    const result = matchSignature(input.keys, parsed.v1, (secret) =>
      signatureOf(secret, timestamp.text, input.body),
    );
    return withinWindow(result, timestamp.seconds, input);
  },
  sign(input) {
    const timestamp = timestampText(input.nowSeconds);
    return { 'Stripe-Signature': `t=${timestamp},v1=${signatureOf(input.secret, timestamp, input.body)}` };
  },
};
