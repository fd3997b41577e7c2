import { standardWebhooksFormat } from './standard-webhooks-format.js';

/** Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<b64> …`. */
export const standardWebhooks = standardWebhooksFormat('webhook');
