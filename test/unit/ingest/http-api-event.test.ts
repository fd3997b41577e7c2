import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createIngestHandler } from '../../../lambdas/ingest/create-handler.js';
import { SecretCache } from '../../../lambdas/shared/domain/secret-cache.js';
import { testConfig } from '../../support/config.js';
import { CountingSecrets } from '../../support/counting-secrets.js';
import { httpApiWebhookEvent } from '../../support/http-api-request.js';
import { invokable } from '../../support/invoke.js';
import { MemoryEventQueue } from '../../support/memory/memory-event-queue.js';
import { MemoryEventStore } from '../../support/memory/memory-event-store.js';
import { webhookEvent } from '../../support/webhook-request.js';

const NOW = Date.parse('2026-03-01T00:00:00Z');
const SECRET = 'gh-signing-secret';
const FORM = 'application/x-www-form-urlencoded';

function setup() {
  const config = testConfig([{ id: 'gh', scheme: 'github', contentTypes: ['application/json', FORM] }]);
  const clock = () => NOW;
  const store = new MemoryEventStore(clock);
  const queue = new MemoryEventQueue();
  const handler = invokable(
    createIngestHandler({
      config,
      store,
      queue,
      secrets: new SecretCache(new CountingSecrets({ current: { signingSecret: SECRET } }), clock),
      clock,
    }),
  );
  return { handler, store, queue };
}

/** GitHub's headers, in the case GitHub sends them, for these exact bytes. */
function signed(delivery: string, body: Uint8Array, contentType = 'application/json') {
  return {
    'Content-Type': contentType,
    'X-GitHub-Delivery': delivery,
    'X-GitHub-Event': 'push',
    'X-Hub-Signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
  };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('ingest behind an HTTP API (payload format 2.0)', () => {
  it('accepts a JSON delivery passed as text and stores the hash of the exact bytes sent', async () => {
    const { handler, store, queue } = setup();
    const body = new TextEncoder().encode('{"ref":"refs/heads/main","title":"Café ☕ 𝄞\\r\\n"}\r\n');

    const response = await handler(httpApiWebhookEvent('gh', signed('d-text', body), body));

    expect(response.statusCode).toBe(202);
    expect(JSON.parse(response.body)).toEqual({ status: 'accepted', eventId: 'gh:d-text' });
    expect((await store.get({ sourceId: 'gh', idempotencyKey: 'd-text' }))?.payloadHash).toBe(sha256(body));
    expect(queue.sent).toHaveLength(1);
  });

  it('accepts a form-encoded delivery, which the HTTP API hands over base64-encoded', async () => {
    const { handler } = setup();
    const body = new TextEncoder().encode(
      `payload=${encodeURIComponent('{"ref":"refs/heads/main","pusher":"zoë"}')}`,
    );
    const event = httpApiWebhookEvent('gh', signed('d-form', body, FORM), body);

    const response = await handler(event);

    expect(event.isBase64Encoded).toBe(true);
    expect(response.statusCode).toBe(202);
  });

  it('answers a retry 200 and another body under the same id 409, as behind the REST API', async () => {
    const { handler } = setup();
    const body = new TextEncoder().encode('{"ref":"refs/heads/main"}');
    const other = new TextEncoder().encode('{"ref":"refs/heads/other"}');

    await handler(httpApiWebhookEvent('gh', signed('d-twice', body), body));
    const retry = await handler(httpApiWebhookEvent('gh', signed('d-twice', body), body));
    const conflict = await handler(httpApiWebhookEvent('gh', signed('d-twice', other), other));

    expect([retry.statusCode, conflict.statusCode]).toEqual([200, 409]);
  });

  it('verifies the exact bytes of a base64 body that is not UTF-8, then refuses it as unusable, as behind the REST API', async () => {
    const { handler, store } = setup();
    const body = new Uint8Array([0x70, 0x61, 0x79, 0x6c, 0x6f, 0x61, 0x64, 0x3d, 0xff, 0xfe]);

    const http = await handler(httpApiWebhookEvent('gh', signed('d-bin', body, FORM), body));
    const rest = await handler(webhookEvent('gh', signed('d-bin', body, FORM), body));

    // 400, not 401: the signature matched the bytes received; they are just not UTF-8 text.
    expect(http.statusCode).toBe(400);
    expect(rest.statusCode).toBe(400);
    expect(store.items.size).toBe(0);
  });

  it('refuses with 401 and stores nothing when bytes that are not UTF-8 came as text and so were altered', async () => {
    const { handler, store } = setup();
    const body = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);

    const response = await handler(httpApiWebhookEvent('gh', signed('d-lost', body), body));

    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body)).toEqual({ status: 'error', error: 'invalid signature' });
    expect(store.items.size).toBe(0);
  });

  it('reads the source from the path parameters: an unknown one is 404', async () => {
    const { handler } = setup();
    const body = new TextEncoder().encode('{}');

    const response = await handler(httpApiWebhookEvent('nobody', signed('d-404', body), body));

    expect(response.statusCode).toBe(404);
  });
});
