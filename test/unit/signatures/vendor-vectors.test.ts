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

interface Vector {
  readonly name: string;
  readonly scheme: Scheme;
  readonly secret: string;
  readonly headers: Headers;
  readonly body: string;
  /** The vector's own clock, for schemes that sign a timestamp. */
  readonly nowSeconds?: number;
}

const SLACK_EXAMPLE_BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
  '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
  '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
  '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const STANDARD_WEBHOOKS_EXAMPLE = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: '1614265330',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  body: '{"test": 2432232314}',
};

/** Examples the vendors publish in their documentation. */
const PUBLISHED: readonly Vector[] = [
  {
    name: "GitHub's documented example",
    scheme: 'github',
    secret: "It's a Secret to Everybody",
    headers: {
      'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    },
    body: 'Hello, World!',
  },
  {
    name: "the Standard Webhooks specification's example",
    scheme: 'standard-webhooks',
    secret: STANDARD_WEBHOOKS_EXAMPLE.secret,
    headers: {
      'webhook-id': STANDARD_WEBHOOKS_EXAMPLE.id,
      'webhook-timestamp': STANDARD_WEBHOOKS_EXAMPLE.timestamp,
      'webhook-signature': STANDARD_WEBHOOKS_EXAMPLE.signature,
    },
    body: STANDARD_WEBHOOKS_EXAMPLE.body,
    nowSeconds: 1614265330,
  },
  {
    name: 'the Standard Webhooks example under svix-* headers',
    scheme: 'svix',
    secret: STANDARD_WEBHOOKS_EXAMPLE.secret,
    headers: {
      'svix-id': STANDARD_WEBHOOKS_EXAMPLE.id,
      'svix-timestamp': STANDARD_WEBHOOKS_EXAMPLE.timestamp,
      'svix-signature': STANDARD_WEBHOOKS_EXAMPLE.signature,
    },
    body: STANDARD_WEBHOOKS_EXAMPLE.body,
    nowSeconds: 1614265330,
  },
  {
    name: 'the example from Slack\'s "Verifying requests from Slack" page',
    scheme: 'slack',
    secret: '8f742231b10e8888abcd99yyyzzz85a5',
    headers: {
      'x-slack-request-timestamp': '1531420618',
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    },
    body: SLACK_EXAMPLE_BODY,
    nowSeconds: 1531420618,
  },
];

const GENERIC_SIGNATURE = 'fbed03f0e5ab32d93b6272496c29ff4d28748e901345887e46f9e50252cf684b';

/** Signatures computed once outside this code base and written out, for schemes without a published one. */
const WRITTEN_OUT: readonly Vector[] = [
  {
    name: 'a Shopify base64 HMAC of the body',
    scheme: 'shopify',
    secret: 'shpss_example_secret',
    headers: { 'x-shopify-hmac-sha256': 'zt8GQnFX4+3fXEL2hcyYUQnOk0nlt7ZD86xEucHDlcA=' },
    body: '{"id":820982911946154508,"topic":"orders/create"}',
  },
  {
    name: 'a generic hex HMAC over "{ts}.{body}"',
    scheme: 'hmac-sha256',
    secret: 'generic-shared-secret',
    headers: { 'x-signature': GENERIC_SIGNATURE, 'x-timestamp': '1700000000' },
    body: '{"type":"order.paid","id":"ord_123"}',
  },
  {
    name: 'a generic hex HMAC carrying the optional sha256= prefix',
    scheme: 'hmac-sha256',
    secret: 'generic-shared-secret',
    headers: { 'x-signature': `sha256=${GENERIC_SIGNATURE}`, 'x-timestamp': '1700000000' },
    body: '{"type":"order.paid","id":"ord_123"}',
  },
  {
    name: 'a signature from the WordPress relay plugin',
    scheme: 'wordpress',
    secret: 'wp_shared_secret',
    headers: {
      'x-wp-signature': '31587176239fea3cf855485c3dc73a3e19e092e735a036f811e9c0f59af84b07',
      'x-wp-timestamp': '1700000000',
    },
    body: '{"event":"post.published","post_id":42}',
  },
];

describe('published vendor vectors', () => {
  it.each(PUBLISHED)('accept $name', (vector) => {
    const result = verify(vector.scheme, vector.secret, vector.headers, vector.body, vector.nowSeconds);

    expect(result).toEqual({ ok: true, key: 'current' });
  });
});

describe('written-out signatures', () => {
  it.each(WRITTEN_OUT)('accept $name', (vector) => {
    const result = verify(vector.scheme, vector.secret, vector.headers, vector.body, vector.nowSeconds);

    expect(result).toEqual({ ok: true, key: 'current' });
  });

  it.each([...PUBLISHED, ...WRITTEN_OUT])(
    'reject $name with its last signature character changed',
    (vector) => {
      const headers = Object.fromEntries(
        Object.entries(vector.headers).map(([name, value]) =>
          /signature|hmac/.test(name) ? [name, tamper(value)] : [name, value],
        ),
      );

      const result = verify(vector.scheme, vector.secret, headers, vector.body, vector.nowSeconds);

      expect(result.ok).toBe(false);
    },
  );
});

/** Changes the last character before any base64 padding, so the value keeps its shape. */
function tamper(value: string): string {
  const end = value.replace(/=+$/, '').length - 1;
  const swapped = value[end]?.toLowerCase() === 'a' ? 'B' : 'A';
  return `${value.slice(0, end)}${swapped}${value.slice(end + 1)}`;
}

describe.each(VENDOR_CASES)('$scheme: signature made by the vendor', (vendor) => {
  it('is accepted', async () => {
    const body = '{"id":"evt_1","type":"thing.happened","data":{"amount":4200,"note":"caf\u00e9 \u2713"}}';
    const headers = await vendor.vendorSign(vendor.secret, body, NOW, 'delivery-1');

    const result = verify(vendor.scheme, vendor.secret, headers, body);

    expect(result).toEqual({ ok: true, key: 'current' });
  });
});
