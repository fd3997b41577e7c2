import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createIngestHandler } from '../../../lambdas/ingest/create-handler.js';
import { SecretCache } from '../../../lambdas/shared/domain/secret-cache.js';
import { testConfig } from '../../support/config.js';
import { invokable } from '../../support/invoke.js';
import { MemoryEventQueue } from '../../support/memory/memory-event-queue.js';
import { MemoryEventStore } from '../../support/memory/memory-event-store.js';
import { webhookEvent } from '../../support/webhook-request.js';

const SECRET = 'shpss_timestamp_test';
const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const BODY = '{"id":820982911946154508,"topic":"orders/create"}';

function shop(timestampHeader?: string) {
  const store = new MemoryEventStore(() => NOW);
  const handler = invokable(
    createIngestHandler({
      config: testConfig([
        {
          id: 'shop',
          scheme: 'shopify',
          toleranceSeconds: 300,
          ...(timestampHeader === undefined ? {} : { timestampHeader }),
        },
      ]),
      store,
      queue: new MemoryEventQueue(),
      secrets: new SecretCache({ read: async () => ({ current: { signingSecret: SECRET } }) }, () => NOW),
      clock: () => NOW,
    }),
  );
  return { handler, store };
}

/** A Shopify delivery signed over the body, sent at `triggeredAt` (or without the header). */
function delivery(id: string, triggeredAt?: string) {
  return webhookEvent(
    'shop',
    {
      'Content-Type': 'application/json',
      'X-Shopify-Hmac-Sha256': createHmac('sha256', SECRET).update(BODY).digest('base64'),
      'X-Shopify-Event-Id': id,
      ...(triggeredAt === undefined ? {} : { 'X-Shopify-Triggered-At': triggeredAt }),
    },
    BODY,
  );
}

describe('a required vendor timestamp header', () => {
  it('accepts a delivery sent within the tolerance, in Shopify’s nanosecond ISO format', async () => {
    const { handler } = shop('X-Shopify-Triggered-At');

    const response = await handler(delivery('fresh', '2026-03-01T11:56:00.877041743Z'));

    expect(response.statusCode).toBe(202);
  });

  it('rejects a delivery without the header, and stores nothing', async () => {
    const { handler, store } = shop('X-Shopify-Triggered-At');

    const response = await handler(delivery('unstamped'));

    expect(response.statusCode).toBe(401);
    expect(store.items.size).toBe(0);
  });

  it('rejects a delivery sent 301 seconds ago, and one with an unreadable time', async () => {
    const { handler, store } = shop('X-Shopify-Triggered-At');

    const stale = await handler(delivery('stale', '2026-03-01T11:54:59.000Z'));
    const garbled = await handler(delivery('garbled', 'yesterday'));

    expect([stale.statusCode, garbled.statusCode]).toEqual([401, 401]);
    expect(store.items.size).toBe(0);
  });

  it('is not required unless the source asks for it', async () => {
    const { handler } = shop();

    expect((await handler(delivery('old-style'))).statusCode).toBe(202);
  });
});
