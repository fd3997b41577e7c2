import { standardWebhooksFormat } from './standard-webhooks-format.js';

/** Svix: the Standard Webhooks algorithm under `svix-id`, `svix-timestamp`, `svix-signature`. */
export const svix = standardWebhooksFormat('svix');
