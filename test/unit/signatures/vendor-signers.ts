import { createHmac } from 'node:crypto';
import { sign as octokitSign } from '@octokit/webhooks-methods';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { Webhook as SvixWebhook } from 'svix';
import type { Scheme } from '../../../lambdas/shared/config/schema.js';

/** A fixed clock for every test: 2023-11-14T22:13:20Z. */
export const NOW = 1_700_000_000;
export const TOLERANCE = 300;

/**
 * How each vendor signs a delivery, taken from the vendor's own SDK where one exists and otherwise
 * re-implemented here with node:crypto from the vendor's documentation (never with the code under test).
 */
export interface VendorCase {
  readonly scheme: Scheme;
  readonly secret: string;
  /** A second valid secret of the same shape: the wrong key, or the previous key in a rotation. */
  readonly otherSecret: string;
  /** Lower-cased name of the header holding the signature. */
  readonly signatureHeader: string;
  /** Lower-cased name of a separate timestamp header; Stripe's timestamp sits inside its signature header. */
  readonly timestampHeader?: string;
  readonly signsTimestamp: boolean;
  /** Lower-cased headers the vendor sends for `body` signed at `timestamp`. */
  readonly vendorSign: (secret: string, body: string, timestamp: number, id: string) => Promise<Headers>;
}

export type Headers = Record<string, string>;

const hmac = (secret: string, text: string, encoding: 'hex' | 'base64'): string =>
  createHmac('sha256', secret).update(text, 'utf8').digest(encoding);

/** Where a vendor puts what it signs, and how it signs it. */
type Signing = Pick<VendorCase, 'signatureHeader' | 'timestampHeader' | 'signsTimestamp' | 'vendorSign'>;

/** The vendor SDKs of the Standard Webhooks family: `new Webhook(secret).sign(id, date, body)`. */
type WebhookSdk = new (secret: string) => { sign(msgId: string, timestamp: Date, payload: string): string };

/** Standard Webhooks and Svix: `<prefix>-id`, `<prefix>-timestamp` and `<prefix>-signature`, by their SDK. */
function webhookSdkCase(prefix: string, Webhook: WebhookSdk): Signing {
  return {
    signatureHeader: `${prefix}-signature`,
    timestampHeader: `${prefix}-timestamp`,
    signsTimestamp: true,
    vendorSign: async (secret, body, timestamp, id) => ({
      [`${prefix}-id`]: id,
      [`${prefix}-timestamp`]: String(timestamp),
      [`${prefix}-signature`]: new Webhook(secret).sign(id, new Date(timestamp * 1000), body),
    }),
  };
}

/**
 * The generic scheme and WordPress: hex HMAC-SHA256 of `<timestamp>.<body>`, re-implemented from their
 * documentation, with the timestamp and the delivery id in headers of their own.
 */
function timestampDotBodyCase(signatureHeader: string, timestampHeader: string, idHeader: string): Signing {
  return {
    signatureHeader,
    timestampHeader,
    signsTimestamp: true,
    vendorSign: async (secret, body, timestamp, id) => ({
      [signatureHeader]: hmac(secret, `${timestamp}.${body}`, 'hex'),
      [timestampHeader]: String(timestamp),
      [idHeader]: id,
    }),
  };
}

export const VENDOR_CASES: readonly VendorCase[] = [
  {
    scheme: 'standard-webhooks',
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    otherSecret: 'whsec_dGVzdC1zZWNyZXQtcHJldmlvdXMta2V5ISE=',
    ...webhookSdkCase('webhook', StandardWebhook),
  },
  {
    scheme: 'svix',
    secret: 'whsec_c3ZpeC1zZWNyZXQtY3VycmVudC1rZXktMTIz',
    otherSecret: 'whsec_c3ZpeC1zZWNyZXQtcHJldmlvdXMta2V5LTQ1Ng==',
    ...webhookSdkCase('svix', SvixWebhook),
  },
  {
    scheme: 'stripe',
    secret: 'whsec_stripe_current_0123456789abcdef',
    otherSecret: 'whsec_stripe_previous_fedcba9876543210',
    signatureHeader: 'stripe-signature',
    signsTimestamp: true,
    vendorSign: async (secret, body, timestamp) => ({
      'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp }),
    }),
  },
  {
    scheme: 'github',
    secret: "It's a Secret to Everybody",
    otherSecret: 'a different github secret',
    signatureHeader: 'x-hub-signature-256',
    signsTimestamp: false,
    vendorSign: async (secret, body, _timestamp, id) => ({
      'x-hub-signature-256': await octokitSign(secret, body),
      'x-github-delivery': id,
    }),
  },
  {
    scheme: 'slack',
    secret: '8f742231b10e8888abcd99yyyzzz85a5',
    otherSecret: '0123456789abcdef0123456789abcdef',
    signatureHeader: 'x-slack-signature',
    timestampHeader: 'x-slack-request-timestamp',
    signsTimestamp: true,
    vendorSign: async (secret, body, timestamp) => ({
      'x-slack-signature': `v0=${hmac(secret, `v0:${timestamp}:${body}`, 'hex')}`,
      'x-slack-request-timestamp': String(timestamp),
    }),
  },
  {
    scheme: 'shopify',
    secret: 'shpss_current_shared_secret',
    otherSecret: 'shpss_previous_shared_secret',
    signatureHeader: 'x-shopify-hmac-sha256',
    signsTimestamp: false,
    vendorSign: async (secret, body, _timestamp, id) => ({
      'x-shopify-hmac-sha256': hmac(secret, body, 'base64'),
      'x-shopify-event-id': id,
    }),
  },
  {
    scheme: 'hmac-sha256',
    secret: 'generic-shared-secret',
    otherSecret: 'generic-previous-secret',
    ...timestampDotBodyCase('x-signature', 'x-timestamp', 'x-event-id'),
  },
  {
    scheme: 'wordpress',
    secret: 'wp_shared_secret',
    otherSecret: 'wp_previous_secret',
    ...timestampDotBodyCase('x-wp-signature', 'x-wp-timestamp', 'idempotency-key'),
  },
];

export const TIMESTAMPED_CASES = VENDOR_CASES.filter((vendor) => vendor.signsTimestamp);

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Header names as a receiver sees them after lower-casing. */
export const lowerCaseNames = (headers: Headers): Headers =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
