import { describe, expect, it } from 'vitest';
import { verifySignature } from '../../../lambdas/ingest/signatures/index.js';
import type { SigningKey } from '../../../lambdas/ingest/signatures/types.js';
import { NOW, TOLERANCE, utf8, VENDOR_CASES } from './vendor-signers.js';

const BODY = '{"id":"evt_rot","type":"customer.updated"}';

describe.each(VENDOR_CASES)('$scheme during a key rotation', (vendor) => {
  const keys: readonly SigningKey[] = [
    { id: 'current', secret: vendor.secret },
    { id: 'previous', secret: vendor.otherSecret },
  ];
  const verifySignedWith = async (secret: string, withKeys: readonly SigningKey[] = keys) =>
    verifySignature(vendor.scheme, {
      headers: await vendor.vendorSign(secret, BODY, NOW, 'delivery-rot'),
      body: utf8(BODY),
      keys: withKeys,
      nowSeconds: NOW,
      toleranceSeconds: TOLERANCE,
    });

  it('accepts a signature made with the previous key and says so', async () => {
    expect(await verifySignedWith(vendor.otherSecret)).toEqual({ ok: true, key: 'previous' });
  });

  it('accepts a signature made with the current key and says so', async () => {
    expect(await verifySignedWith(vendor.secret)).toEqual({ ok: true, key: 'current' });
  });

  it('rejects the previous key once it is no longer offered', async () => {
    const currentOnly: readonly SigningKey[] = [{ id: 'current', secret: vendor.secret }];

    expect(await verifySignedWith(vendor.otherSecret, currentOnly)).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
  });
});
