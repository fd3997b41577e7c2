import type { SigningKeyId } from '../../shared/domain/event.js';

export interface SigningKey {
  readonly id: SigningKeyId;
  /** The secret exactly as the vendor gives it (e.g. `whsec_…`). */
  readonly secret: string;
}

export interface VerifyInput {
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact bytes received. */
  readonly body: Uint8Array;
  /** Keys to try, current first. */
  readonly keys: readonly SigningKey[];
  readonly nowSeconds: number;
  readonly toleranceSeconds: number;
}

export type VerifyResult =
  | { readonly ok: true; readonly key: SigningKeyId }
  | { readonly ok: false; readonly reason: string };

export interface SignInput {
  readonly secret: string;
  readonly body: Uint8Array;
  readonly nowSeconds: number;
  /** Delivery id for schemes that carry one in a header. */
  readonly id: string;
  /** Event type for schemes that carry one in a header (GitHub, Shopify); omitted when not given. */
  readonly eventType?: string;
}

/**
 * One vendor's signature format: how to check a delivery and how the vendor would sign one. Only the
 * local stack's sender and printed curls, the bench and tests call `sign`, yet it stays beside
 * `verify`: both go through the one function that builds the signed bytes, so the two cannot drift,
 * and the few lines it adds to the ingest bundle are not worth a second copy of each scheme.
 */
export interface SignatureScheme {
  /** Never throws: a bad or missing header is a `{ ok: false }` with a short reason. */
  readonly verify: (input: VerifyInput) => VerifyResult;
  /** The headers the vendor sends, named as the vendor names them. */
  readonly sign: (input: SignInput) => Record<string, string>;
}
