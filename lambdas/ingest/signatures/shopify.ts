import { bodyHmac } from './body-hmac.js';

/** Shopify: `X-Shopify-Hmac-Sha256: <base64>` over the body; no timestamp, the event id dedupes. */
export const shopify = bodyHmac({
  signatureHeader: 'x-shopify-hmac-sha256',
  encoding: 'base64',
  parseSignature: (value) => value,
  headers: (signature, input) => ({
    'X-Shopify-Hmac-Sha256': signature,
    'X-Shopify-Event-Id': input.id,
    ...(input.eventType === undefined ? {} : { 'X-Shopify-Topic': input.eventType }),
  }),
});
