import { hmacSha256 } from './hmac.js';
import { malformedHeader, matchSignature, missingHeader, normalizeHex } from './match.js';
import { readTimestamp, timestampText, withinWindow } from './timestamp.js';
import type { SignatureScheme, SignInput } from './types.js';

export interface TimestampedHexOptions {
  /** Lower-cased header names, as `VerifyInput.headers` holds them. */
  readonly signatureHeader: string;
  readonly timestampHeader: string;
  /** What precedes the body in the signed bytes, given the timestamp as received. */
  readonly signedPrefix: (timestamp: string) => string;
  /** The hex digest inside the header value, or undefined when the value has the wrong shape. */
  readonly parseSignature: (value: string) => string | undefined;
  /** The headers the vendor sends, named as the vendor names them. */
  readonly headers: (signatureHex: string, timestamp: string, input: SignInput) => Record<string, string>;
}

/** The common shape of Slack, the generic HMAC scheme and WordPress: hex HMAC over `{prefix(ts)}{body}`. */
export function timestampedHex(options: TimestampedHexOptions): SignatureScheme {
  const signatureOf = (secret: string, timestamp: string, body: Uint8Array): string =>
    hmacSha256(secret, options.signedPrefix(timestamp), body).toString('hex');
  return {
    verify(input) {
      const header = input.headers[options.signatureHeader];
      if (header === undefined) return missingHeader(options.signatureHeader);
      const received = options.parseSignature(header.trim());
      if (received === undefined || received === '') return malformedHeader(options.signatureHeader);
      const timestamp = readTimestamp(input.headers[options.timestampHeader], options.timestampHeader);
      if (!timestamp.ok) return timestamp;
      const result = matchSignature(input.keys, [normalizeHex(received)], (secret) =>
        signatureOf(secret, timestamp.text, input.body),
      );
      return withinWindow(result, timestamp.seconds, input);
    },
    sign(input) {
      const timestamp = timestampText(input.nowSeconds);
      return options.headers(signatureOf(input.secret, timestamp, input.body), timestamp, input);
    },
  };
}
