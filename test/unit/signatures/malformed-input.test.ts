import { describe, expect, it } from 'vitest';
import { verifySignature } from '../../../lambdas/ingest/signatures/index.js';
import type { VerifyResult } from '../../../lambdas/ingest/signatures/types.js';
import { SCHEMES } from '../../../lambdas/shared/config/schema.js';
import { NOW, TOLERANCE, utf8 } from './vendor-signers.js';

const GARBAGE_HEADERS: Record<string, string> = {
  'webhook-id': '',
  'webhook-timestamp': '-5',
  'webhook-signature': ',,, v1, v1,%%%',
  'svix-id': 'msg',
  'svix-timestamp': '99999999999999999999',
  'svix-signature': 'v1',
  'stripe-signature': '=,t,t=,v1=,v1==,,',
  'x-hub-signature-256': 'sha256=zz',
  'x-slack-signature': 'v0=',
  'x-slack-request-timestamp': 'NaN',
  'x-shopify-hmac-sha256': '\u0000\uffff',
  'x-signature': 'sha256=',
  'x-timestamp': '1e9',
  'x-wp-signature': ' ',
  'x-wp-timestamp': '',
};

describe.each(SCHEMES)('%s with malformed input', (scheme) => {
  const verify = (headers: Record<string, string>, secret: string): VerifyResult =>
    verifySignature(scheme, {
      headers,
      body: new Uint8Array([0xff, 0xfe, 0x00, 0xc3]),
      keys: [{ id: 'current', secret }],
      nowSeconds: NOW,
      toleranceSeconds: TOLERANCE,
    });

  it('rejects garbage headers with a reason of its own, not a caught exception', () => {
    const result = verify(GARBAGE_HEADERS, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');

    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(
      /^(missing header|malformed header|timestamp|signature mismatch)/,
    );
  });

  it('rejects a request with no headers at all as a signature failure', () => {
    const result = verify({}, 'some-secret');

    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(/^missing header /);
  });
});

describe('keys that cannot sign', () => {
  it.each([
    {
      what: 'a Standard Webhooks secret that decodes to nothing',
      scheme: 'standard-webhooks',
      secret: 'whsec_',
      headers: {
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(NOW),
        // HMAC-SHA256 with an empty key over "msg_1.1700000000.{}"
        'webhook-signature': 'v1,LzeNxZHo3O8fwpFJpLh/0B99ugILNFJw+/9lTgx0APs=',
      },
    },
    {
      what: 'an empty secret',
      scheme: 'github',
      secret: '',
      headers: {
        // HMAC-SHA256 with an empty key over "{}"
        'x-hub-signature-256': 'sha256=22f8eea909400af98adf3681a9f31923ef6b7fcba4abb553d92823a3e9d5c25e',
      },
    },
  ] as const)('never matches $what', ({ scheme, secret, headers }) => {
    const result = verifySignature(scheme, {
      headers,
      body: utf8('{}'),
      keys: [{ id: 'current', secret }],
      nowSeconds: NOW,
      toleranceSeconds: TOLERANCE,
    });

    expect(result).toEqual({ ok: false, reason: 'signature mismatch' });
  });
});
