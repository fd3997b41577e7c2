import { describe, expect, it } from 'vitest';
import { verifySignature } from '../../../lambdas/ingest/signatures/index.js';
import type { VerifyResult } from '../../../lambdas/ingest/signatures/types.js';
import { type Headers, NOW, TIMESTAMPED_CASES, TOLERANCE, utf8, VENDOR_CASES } from './vendor-signers.js';

const BODY = '{"id":"evt_42","type":"invoice.paid","data":{"object":{"id":"in_1"}}}';

describe.each(VENDOR_CASES)('$scheme rejects', (vendor) => {
  const verify = (headers: Headers, body: Uint8Array, secret = vendor.secret): VerifyResult =>
    verifySignature(vendor.scheme, {
      headers,
      body,
      keys: [{ id: 'current', secret }],
      nowSeconds: NOW,
      toleranceSeconds: TOLERANCE,
    });

  it('a body with one flipped byte', async () => {
    const headers = await vendor.vendorSign(vendor.secret, BODY, NOW, 'delivery-1');
    const body = utf8(BODY);
    body[10] = (body[10] ?? 0) ^ 0x01;

    expect(verify(headers, body)).toEqual({ ok: false, reason: 'signature mismatch' });
  });

  it('a signature made with another secret', async () => {
    const headers = await vendor.vendorSign(vendor.otherSecret, BODY, NOW, 'delivery-1');

    expect(verify(headers, utf8(BODY))).toEqual({ ok: false, reason: 'signature mismatch' });
  });

  it('a request without the signature header', async () => {
    const { [vendor.signatureHeader]: _removed, ...headers } = await vendor.vendorSign(
      vendor.secret,
      BODY,
      NOW,
      'delivery-1',
    );

    expect(verify(headers, utf8(BODY))).toEqual({
      ok: false,
      reason: `missing header ${vendor.signatureHeader}`,
    });
  });

  it('every request when no key is configured', async () => {
    const headers = await vendor.vendorSign(vendor.secret, BODY, NOW, 'delivery-1');

    const result = verifySignature(vendor.scheme, {
      headers,
      body: utf8(BODY),
      keys: [],
      nowSeconds: NOW,
      toleranceSeconds: TOLERANCE,
    });

    expect(result).toEqual({ ok: false, reason: 'no signing key' });
  });
});

describe.each(TIMESTAMPED_CASES)('$scheme timestamp window', (vendor) => {
  const verifyAt = async (signedAt: number): Promise<VerifyResult> =>
    verifySignature(vendor.scheme, {
      headers: await vendor.vendorSign(vendor.secret, BODY, signedAt, 'delivery-1'),
      body: utf8(BODY),
      keys: [{ id: 'current', secret: vendor.secret }],
      nowSeconds: NOW,
      toleranceSeconds: TOLERANCE,
    });

  it('rejects a genuine signature 301 seconds old', async () => {
    expect(await verifyAt(NOW - 301)).toEqual({ ok: false, reason: 'timestamp outside window (301s old)' });
  });

  it('rejects a genuine signature 301 seconds ahead', async () => {
    expect(await verifyAt(NOW + 301)).toEqual({ ok: false, reason: 'timestamp outside window (301s ahead)' });
  });

  it('accepts a signature exactly 300 seconds old', async () => {
    expect(await verifyAt(NOW - 300)).toEqual({ ok: true, key: 'current' });
  });

  it('accepts a signature exactly 300 seconds ahead', async () => {
    expect(await verifyAt(NOW + 300)).toEqual({ ok: true, key: 'current' });
  });

  it('reports a forged stale request as a signature failure, not a timestamp one', async () => {
    const headers = await vendor.vendorSign(vendor.otherSecret, BODY, NOW - 3600, 'delivery-1');

    const result = verifySignature(vendor.scheme, {
      headers,
      body: utf8(BODY),
      keys: [{ id: 'current', secret: vendor.secret }],
      nowSeconds: NOW,
      toleranceSeconds: TOLERANCE,
    });

    expect(result).toEqual({ ok: false, reason: 'signature mismatch' });
  });
});

describe.each(TIMESTAMPED_CASES.filter((vendor) => vendor.timestampHeader !== undefined))(
  '$scheme timestamp header',
  (vendor) => {
    const timestampHeader = vendor.timestampHeader ?? '';
    const verifyWith = async (change: (headers: Headers) => Headers): Promise<VerifyResult> =>
      verifySignature(vendor.scheme, {
        headers: change(await vendor.vendorSign(vendor.secret, BODY, NOW, 'delivery-1')),
        body: utf8(BODY),
        keys: [{ id: 'current', secret: vendor.secret }],
        nowSeconds: NOW,
        toleranceSeconds: TOLERANCE,
      });

    it('rejects a request without it as a timestamp failure', async () => {
      const result = await verifyWith(({ [timestampHeader]: _removed, ...rest }) => rest);

      expect(result).toEqual({ ok: false, reason: `timestamp missing (${timestampHeader})` });
    });

    it('rejects a value that is not whole Unix seconds as a timestamp failure', async () => {
      const result = await verifyWith((headers) => ({ ...headers, [timestampHeader]: '1700000000.5' }));

      expect(result).toEqual({ ok: false, reason: `timestamp malformed (${timestampHeader})` });
    });
  },
);

describe('stripe timestamp inside Stripe-Signature', () => {
  it('rejects a header without t= as a timestamp failure', () => {
    const result = verifySignature('stripe', {
      headers: { 'stripe-signature': 'v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd' },
      body: utf8(BODY),
      keys: [{ id: 'current', secret: 'whsec_stripe_current_0123456789abcdef' }],
      nowSeconds: NOW,
      toleranceSeconds: TOLERANCE,
    });

    expect(result).toEqual({ ok: false, reason: 'timestamp missing (t in stripe-signature)' });
  });
});
