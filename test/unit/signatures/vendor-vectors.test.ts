import { describe, expect, it } from 'vitest';
import { verifySignature } from '../../../lambdas/ingest/signatures/index.js';
import type { Scheme } from '../../../lambdas/shared/config/schema.js';
import { type Headers, NOW, TOLERANCE, utf8, VENDOR_CASES } from './vendor-signers.js';

const verify = (scheme: Scheme, secret: string, headers: Headers, body: string, nowSeconds = NOW) =>
  verifySignature(scheme, {
    headers,
    body: utf8(body),
    keys: [{ id: 'current', secret }],
    nowSeconds,
    toleranceSeconds: TOLERANCE,
  });

describe('published vendor vectors', () => {
  it("accepts GitHub's documented example signature", () => {
    const headers = {
      'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    };

    const result = verify('github', "It's a Secret to Everybody", headers, 'Hello, World!');

    expect(result).toEqual({ ok: true, key: 'current' });
  });

  it("accepts the Standard Webhooks specification's example signature", () => {
    const headers = {
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    };

    const result = verify(
      'standard-webhooks',
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      headers,
      '{"test": 2432232314}',
      1614265330,
    );

    expect(result).toEqual({ ok: true, key: 'current' });
  });

  it('accepts the Standard Webhooks example signature under svix-* headers', () => {
    const headers = {
      'svix-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'svix-timestamp': '1614265330',
      'svix-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    };

    const result = verify(
      'svix',
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      headers,
      '{"test": 2432232314}',
      1614265330,
    );

    expect(result).toEqual({ ok: true, key: 'current' });
  });

  it('accepts the example from Slack\'s "Verifying requests from Slack" page', () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
      '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
      '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
      '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const headers = {
      'x-slack-request-timestamp': '1531420618',
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    };

    const result = verify('slack', '8f742231b10e8888abcd99yyyzzz85a5', headers, body, 1531420618);

    expect(result).toEqual({ ok: true, key: 'current' });
  });
});

describe('written-out signatures', () => {
  it('accepts a Shopify base64 HMAC of the body', () => {
    const headers = { 'x-shopify-hmac-sha256': 'zt8GQnFX4+3fXEL2hcyYUQnOk0nlt7ZD86xEucHDlcA=' };

    const result = verify(
      'shopify',
      'shpss_example_secret',
      headers,
      '{"id":820982911946154508,"topic":"orders/create"}',
    );

    expect(result).toEqual({ ok: true, key: 'current' });
  });

  it('accepts a generic hex HMAC over "{ts}.{body}"', () => {
    const headers = {
      'x-signature': 'fbed03f0e5ab32d93b6272496c29ff4d28748e901345887e46f9e50252cf684b',
      'x-timestamp': '1700000000',
    };

    const result = verify(
      'hmac-sha256',
      'generic-shared-secret',
      headers,
      '{"type":"order.paid","id":"ord_123"}',
    );

    expect(result).toEqual({ ok: true, key: 'current' });
  });

  it('accepts a generic hex HMAC carrying the optional sha256= prefix', () => {
    const headers = {
      'x-signature': 'sha256=fbed03f0e5ab32d93b6272496c29ff4d28748e901345887e46f9e50252cf684b',
      'x-timestamp': '1700000000',
    };

    const result = verify(
      'hmac-sha256',
      'generic-shared-secret',
      headers,
      '{"type":"order.paid","id":"ord_123"}',
    );

    expect(result).toEqual({ ok: true, key: 'current' });
  });

  it('accepts a signature from the WordPress relay plugin', () => {
    const headers = {
      'x-wp-signature': '31587176239fea3cf855485c3dc73a3e19e092e735a036f811e9c0f59af84b07',
      'x-wp-timestamp': '1700000000',
    };

    const result = verify(
      'wordpress',
      'wp_shared_secret',
      headers,
      '{"event":"post.published","post_id":42}',
    );

    expect(result).toEqual({ ok: true, key: 'current' });
  });
});

describe.each(VENDOR_CASES)('$scheme: signature made by the vendor', (vendor) => {
  it('is accepted', async () => {
    const body = '{"id":"evt_1","type":"thing.happened","data":{"amount":4200,"note":"caf\u00e9 \u2713"}}';
    const headers = await vendor.vendorSign(vendor.secret, body, NOW, 'delivery-1');

    const result = verify(vendor.scheme, vendor.secret, headers, body);

    expect(result).toEqual({ ok: true, key: 'current' });
  });
});
