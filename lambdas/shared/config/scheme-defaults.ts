import type { Scheme } from './schema.js';

interface SchemeDefaults {
  readonly idempotencyKey: string;
  readonly eventType: string;
}

/** Where each vendor puts its delivery id and event type (docs/architecture.md#signature-schemes). */
export const SCHEME_DEFAULTS: Record<Scheme, SchemeDefaults> = {
  'standard-webhooks': { idempotencyKey: 'header:webhook-id', eventType: 'body:type' },
  svix: { idempotencyKey: 'header:svix-id', eventType: 'body:type' },
  stripe: { idempotencyKey: 'body:id', eventType: 'body:type' },
  github: { idempotencyKey: 'header:x-github-delivery', eventType: 'header:x-github-event' },
  slack: { idempotencyKey: 'body:event_id', eventType: 'body:event.type' },
  shopify: { idempotencyKey: 'header:x-shopify-event-id', eventType: 'header:x-shopify-topic' },
  'hmac-sha256': { idempotencyKey: 'header:x-event-id', eventType: 'body:type' },
  wordpress: { idempotencyKey: 'header:idempotency-key', eventType: 'body:event' },
};
