import { verify as octokitVerify } from '@octokit/webhooks-methods';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { Webhook as SvixWebhook } from 'svix';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signRequest, verifySignature } from '../../../lambdas/ingest/signatures/index.js';
import type { Scheme } from '../../../lambdas/shared/config/schema.js';
import { lowerCaseNames, NOW, TOLERANCE, utf8, VENDOR_CASES } from './vendor-signers.js';

const BODY = '{"id":"evt_send","type":"ping","data":{"object":{"id":"obj_1"}}}';
const ID = 'delivery-send-1';

const secretOf = (scheme: Scheme): string => {
  const vendor = VENDOR_CASES.find((candidate) => candidate.scheme === scheme);
  if (vendor === undefined) throw new Error(`no test case for ${scheme}`);
  return vendor.secret;
};
const sign = (scheme: Scheme, extra: { eventType?: string } = {}) =>
  signRequest(scheme, { secret: secretOf(scheme), body: utf8(BODY), nowSeconds: NOW, id: ID, ...extra });

describe('signRequest header names', () => {
  it.each([
    ['standard-webhooks', ['webhook-id', 'webhook-timestamp', 'webhook-signature']],
    ['svix', ['svix-id', 'svix-timestamp', 'svix-signature']],
    ['stripe', ['Stripe-Signature']],
    ['github', ['X-Hub-Signature-256', 'X-GitHub-Delivery']],
    ['slack', ['X-Slack-Signature', 'X-Slack-Request-Timestamp']],
    ['shopify', ['X-Shopify-Hmac-Sha256', 'X-Shopify-Event-Id']],
    ['hmac-sha256', ['X-Signature', 'X-Timestamp', 'X-Event-Id']],
    ['wordpress', ['X-WP-Signature', 'X-WP-Timestamp', 'Idempotency-Key']],
  ] as const)('%s sends %j', (scheme, names) => {
    expect(Object.keys(sign(scheme)).sort()).toEqual([...names].sort());
  });

  it('adds X-GitHub-Event when an event type is given', () => {
    expect(sign('github', { eventType: 'push' })['X-GitHub-Event']).toBe('push');
  });

  it('adds X-Shopify-Topic when an event type is given', () => {
    expect(sign('shopify', { eventType: 'orders/create' })['X-Shopify-Topic']).toBe('orders/create');
  });

  it('puts the delivery id where the vendor does', () => {
    expect(sign('wordpress')['Idempotency-Key']).toBe(ID);
  });
});

describe.each(VENDOR_CASES)('$scheme signRequest', (vendor) => {
  it('produces the same headers as the vendor', async () => {
    const expected = await vendor.vendorSign(vendor.secret, BODY, NOW, ID);

    expect(lowerCaseNames(sign(vendor.scheme))).toEqual(expected);
  });

  it('round-trips through verifySignature', () => {
    const result = verifySignature(vendor.scheme, {
      headers: lowerCaseNames(sign(vendor.scheme)),
      body: utf8(BODY),
      keys: [{ id: 'current', secret: vendor.secret }],
      nowSeconds: NOW,
      toleranceSeconds: TOLERANCE,
    });

    expect(result).toEqual({ ok: true, key: 'current' });
  });
});

describe('vendor verifiers accept what signRequest produced', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stripe webhooks.constructEvent', () => {
    const headers = sign('stripe');

    const event = Stripe.webhooks.constructEvent(
      BODY,
      headers['Stripe-Signature'] ?? '',
      secretOf('stripe'),
      TOLERANCE,
      undefined,
      NOW * 1000,
    );

    expect(event.id).toBe('evt_send');
  });

  it('octokit verify', async () => {
    const headers = sign('github');

    expect(await octokitVerify(secretOf('github'), BODY, headers['X-Hub-Signature-256'] ?? '')).toBe(true);
  });

  describe('at the signing time', () => {
    beforeEach(() => {
      vi.useFakeTimers({ now: NOW * 1000 });
    });

    it.each([
      { sdk: 'standardwebhooks', scheme: 'standard-webhooks', Webhook: StandardWebhook },
      { sdk: 'svix', scheme: 'svix', Webhook: SvixWebhook },
    ] as const)('$sdk Webhook.verify', ({ scheme, Webhook }) => {
      const headers = sign(scheme);

      const payload = new Webhook(secretOf(scheme)).verify(BODY, headers);

      expect(payload).toEqual(JSON.parse(BODY));
    });

    it('standardwebhooks Webhook.verify rejects it once the body changes', () => {
      const headers = sign('standard-webhooks');

      expect(() =>
        new StandardWebhook(secretOf('standard-webhooks')).verify(BODY.replace('ping', 'pong'), headers),
      ).toThrow('No matching signature found');
    });
  });
});
