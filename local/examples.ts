import { fileURLToPath } from 'node:url';
import type { Scheme } from '../lambdas/shared/config/schema.js';

/** `examples/` of this checkout, wherever the stack is started from. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../examples/', import.meta.url));

export interface SchemeExample {
  /** File name under `examples/`. */
  readonly file: string;
  /** The event type header value, for the vendors that send one (GitHub, Shopify). */
  readonly eventType?: string;
}

/** One example delivery per scheme, as the vendor sends it. */
export const EXAMPLES: Readonly<Record<Scheme, SchemeExample>> = {
  stripe: { file: 'stripe-invoice-paid.json' },
  github: { file: 'github-push.json', eventType: 'push' },
  wordpress: { file: 'wordpress-post-published.json' },
  slack: { file: 'slack-event-callback.json' },
  shopify: { file: 'shopify-order-created.json', eventType: 'orders/create' },
  'standard-webhooks': { file: 'standard-webhooks-invoice-paid.json' },
  svix: { file: 'svix-user-created.json' },
  'hmac-sha256': { file: 'hmac-sha256-order-created.json' },
};

export const examplePath = (scheme: Scheme): string => `${EXAMPLES_DIR}${EXAMPLES[scheme].file}`;
