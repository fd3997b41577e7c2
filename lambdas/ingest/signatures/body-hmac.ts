import { hmacSha256 } from './hmac.js';
import { malformedHeader, matchSignature, missingHeader } from './match.js';
import type { SignatureScheme, SignInput } from './types.js';

export interface BodyHmacOptions {
  /** Lower-cased header name, as `VerifyInput.headers` holds it. */
  readonly signatureHeader: string;
  readonly encoding: 'hex' | 'base64';
  /** The signature inside the header value (normalized), or undefined when the value has the wrong shape. */
  readonly parseSignature: (value: string) => string | undefined;
  /** The headers the vendor sends, named as the vendor names them. */
  readonly headers: (signature: string, input: SignInput) => Record<string, string>;
}

/**
 * The common shape of GitHub and Shopify: an HMAC of the body alone. Nothing signed says when, so
 * only dedupe (for `retentionDays`) stops an old delivery from being accepted again.
 */
export function bodyHmac(options: BodyHmacOptions): SignatureScheme {
  const signatureOf = (secret: string, body: Uint8Array): string =>
    hmacSha256(secret, body).toString(options.encoding);
  return {
    verify(input) {
      const header = input.headers[options.signatureHeader];
      if (header === undefined) return missingHeader(options.signatureHeader);
      const received = options.parseSignature(header.trim());
      if (received === undefined) return malformedHeader(options.signatureHeader);
      return matchSignature(input.keys, [received], (secret) => signatureOf(secret, input.body));
    },
    sign(input) {
      return options.headers(signatureOf(input.secret, input.body), input);
    },
  };
}
