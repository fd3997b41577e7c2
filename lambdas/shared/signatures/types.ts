import type { SigningKeyId } from '../domain/event.js';

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
}
