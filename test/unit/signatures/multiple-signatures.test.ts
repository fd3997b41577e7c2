import { createHmac } from 'node:crypto';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { verifySignature } from '../../../lambdas/ingest/signatures/index.js';
import type { Scheme } from '../../../lambdas/shared/config/schema.js';
import { type Headers, NOW, TOLERANCE, utf8 } from './vendor-signers.js';

const BODY = '{"id":"evt_multi","type":"invoice.paid"}';
const STRIPE_SECRET = 'whsec_stripe_current_0123456789abcdef';
const STALE_HEX = '0000000000000000000000000000000000000000000000000000000000000000';

const verify = (scheme: Scheme, secret: string, headers: Headers) =>
  verifySignature(scheme, {
    headers,
    body: utf8(BODY),
    keys: [{ id: 'current', secret }],
    nowSeconds: NOW,
    toleranceSeconds: TOLERANCE,
  });

/** Stripe's own hex signature for BODY at NOW, lifted out of the SDK's test header. */
const stripeV1 = (): string => {
  const header = Stripe.webhooks.generateTestHeaderString({
    payload: BODY,
    secret: STRIPE_SECRET,
    timestamp: NOW,
  });
  return header.split(',v1=')[1] ?? '';
};

describe('stripe header with several signatures', () => {
  it('accepts a stale v1 beside a valid one', () => {
    const header = `t=${NOW},v1=${STALE_HEX},v1=${stripeV1()}`;

    expect(verify('stripe', STRIPE_SECRET, { 'stripe-signature': header })).toEqual({
      ok: true,
      key: 'current',
    });
  });

  it('ignores v0 signatures even when they hold the right digest', () => {
    const header = `t=${NOW},v0=${stripeV1()}`;

    expect(verify('stripe', STRIPE_SECRET, { 'stripe-signature': header })).toEqual({
      ok: false,
      reason: 'malformed header stripe-signature',
    });
  });

  it('accepts a valid v1 next to a v0 entry', () => {
    const header = `t=${NOW},v1=${stripeV1()},v0=${STALE_HEX}`;

    expect(verify('stripe', STRIPE_SECRET, { 'stripe-signature': header })).toEqual({
      ok: true,
      key: 'current',
    });
  });
});

describe.each([
  { scheme: 'standard-webhooks' as const, prefix: 'webhook' },
  { scheme: 'svix' as const, prefix: 'svix' },
])('$scheme signature list', ({ scheme, prefix }) => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const validB64 = createHmac('sha256', Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64'))
    .update(`msg_1.${NOW}.${BODY}`)
    .digest('base64');
  const headersWith = (signature: string): Headers => ({
    [`${prefix}-id`]: 'msg_1',
    [`${prefix}-timestamp`]: String(NOW),
    [`${prefix}-signature`]: signature,
  });

  it('accepts a stale v1 beside a valid one', () => {
    const headers = headersWith(`v1,c3RhbGUtc2lnbmF0dXJlLWZyb20tb2xkLWtleQ== v1,${validB64}`);

    expect(verify(scheme, secret, headers)).toEqual({ ok: true, key: 'current' });
  });

  it('skips entries of other versions', () => {
    const headers = headersWith(`v1a,c29tZS1hc3ltbWV0cmljLXNpZ25hdHVyZQ== v1,${validB64}`);

    expect(verify(scheme, secret, headers)).toEqual({ ok: true, key: 'current' });
  });

  it('rejects a list holding no v1 entry', () => {
    const headers = headersWith(`v2,${validB64}`);

    expect(verify(scheme, secret, headers)).toEqual({
      ok: false,
      reason: `malformed header ${prefix}-signature`,
    });
  });
});
