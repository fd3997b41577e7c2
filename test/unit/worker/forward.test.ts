import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import type { ForwardActionConfig } from '../../../lambdas/shared/config/schema.js';
import { SecretCache } from '../../../lambdas/shared/domain/secret-cache.js';
import { PermanentActionError, RetryableActionError } from '../../../lambdas/shared/errors.js';
import { forward } from '../../../lambdas/worker/actions/forward.js';
import { normalizeEvent } from '../../../lambdas/worker/actions/normalized-event.js';
import type { ActionDeps, ActionEvent, NormalizedEvent } from '../../../lambdas/worker/actions/types.js';
import { JWT_SECRET, NOW, RECEIVER, ScriptedReceiver } from './fakes.js';

const action: ForwardActionConfig = {
  type: 'forward',
  url: RECEIVER,
  jwtSecretName: 'jwt/acme',
  timeoutMs: 1000,
};

const sent: NormalizedEvent = {
  eventId: 'shop-acme:evt-1',
  sourceId: 'shop-acme',
  tenant: 'acme',
  eventType: 'order.paid',
  entityId: 'order-1',
  receivedAt: '2026-03-01T11:59:58.500Z',
  payload: { type: 'order.paid', order: { id: 'order-1' } },
};
const event: ActionEvent = { ...sent, payloadJson: JSON.stringify(sent.payload) };

function depsFor(
  receiver: ScriptedReceiver,
  secret: Record<string, unknown> = { signingSecret: JWT_SECRET },
) {
  const deps: ActionDeps = {
    secrets: new SecretCache({ read: async () => ({ current: secret }) }, () => NOW),
    clock: () => NOW,
    fetch: receiver.fetch,
  };
  return deps;
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('forward action', () => {
  it("sends the vendor's payload byte for byte: big numbers, 1.0 and spacing as they came", async () => {
    const receiver = ScriptedReceiver.answering(new Response(null, { status: 204 }));
    const body = '{ "type": "order.paid", "id": 12345678901234567890, "total": 1.0, "note": "caf\\u00e9" }';
    const normalized = normalizeEvent({
      ...sent,
      idempotencyKey: 'evt-1',
      occurredAt: undefined,
      payloadHash: 'hash',
      contentType: 'application/json',
      signingKey: 'current',
      status: 'PROCESSING',
      attempts: 1,
      replayCount: 0,
      updatedAt: sent.receivedAt,
      expiresAt: 0,
      body: new TextEncoder().encode(body),
    });

    await forward(action, normalized, depsFor(receiver));

    const text = (await receiver.requests[0]?.text()) ?? '';
    expect(text.endsWith(`"payload":${body}}`)).toBe(true);
    const { payload: _received, ...envelope } = JSON.parse(text) as NormalizedEvent;
    const { payload: _sent, ...expected } = sent;
    expect(envelope).toEqual(expected);
  });

  it('POSTs the normalized event as JSON with Idempotency-Key = eventId', async () => {
    const receiver = ScriptedReceiver.answering(new Response(null, { status: 204 }));

    const result = await forward(action, event, depsFor(receiver));

    expect(result).toEqual({ summary: 'forward to https://receiver.example answered 204' });
    const [request] = receiver.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('https://receiver.example/hooks/acme');
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(request?.headers.get('idempotency-key')).toBe('shop-acme:evt-1');
    expect(request?.redirect).toBe('manual');
    expect(await request?.json()).toEqual(sent);
  });

  it('signs an HS256 bearer token for the receiver origin that expires in five minutes', async () => {
    const receiver = ScriptedReceiver.answering(new Response(null, { status: 200 }));

    await forward(action, event, depsFor(receiver));

    const token = receiver.requests[0]?.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
    const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(JWT_SECRET), {
      issuer: 'webhook-gateway',
      audience: 'https://receiver.example',
      currentDate: new Date(NOW),
    });
    expect(protectedHeader.alg).toBe('HS256');
    // The first 16 hex characters of SHA-256("jwt-signing-secret-for-tests"), computed with sha256sum.
    expect(protectedHeader.kid).toBe('fdde272daad9761d');
    expect(payload).toMatchObject({
      iss: 'webhook-gateway',
      aud: 'https://receiver.example',
      jti: 'shop-acme:evt-1',
      iat: 1_772_366_400,
      exp: 1_772_366_700,
    });
  });

  it('produces a token another key does not verify', async () => {
    const receiver = ScriptedReceiver.answering(new Response(null, { status: 200 }));
    await forward(action, event, depsFor(receiver));
    const token = receiver.requests[0]?.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';

    const error = await rejection(
      jwtVerify(token, new TextEncoder().encode('another-secret'), { currentDate: new Date(NOW) }),
    );

    expect(error).toBeInstanceOf(Error);
  });

  it.each([408, 429, 500, 503])('treats %i as retryable', async (status) => {
    const receiver = ScriptedReceiver.answering(new Response(null, { status }));

    const error = await rejection(forward(action, event, depsFor(receiver)));

    expect(error).toBeInstanceOf(RetryableActionError);
    expect(error).toMatchObject({ message: `forward to https://receiver.example answered ${status}` });
  });

  it.each([400, 401, 404, 422, 301])('treats %i as permanent', async (status) => {
    const receiver = ScriptedReceiver.answering(new Response(null, { status }));

    const error = await rejection(forward(action, event, depsFor(receiver)));

    expect(error).toBeInstanceOf(PermanentActionError);
  });

  it('carries Retry-After seconds on a 429', async () => {
    const receiver = ScriptedReceiver.answering(
      new Response(null, { status: 429, headers: { 'Retry-After': '120' } }),
    );

    const error = await rejection(forward(action, event, depsFor(receiver)));

    expect(error).toMatchObject({ retryable: true, retryAfterSeconds: 120 });
  });

  it('reads a Retry-After HTTP date relative to the clock', async () => {
    const at = new Date(NOW + 45_000).toUTCString();
    const receiver = ScriptedReceiver.answering(
      new Response(null, { status: 503, headers: { 'Retry-After': at } }),
    );

    const error = await rejection(forward(action, event, depsFor(receiver)));

    expect(error).toMatchObject({ retryAfterSeconds: 45 });
  });

  it('treats a timeout as retryable and says so', async () => {
    const receiver = ScriptedReceiver.answering(
      new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
    );

    const error = await rejection(forward(action, event, depsFor(receiver)));

    expect(error).toBeInstanceOf(RetryableActionError);
    expect(error).toMatchObject({ message: 'forward to https://receiver.example timed out after 1000 ms' });
  });

  it('aborts a request that outlives timeoutMs', async () => {
    const hanging: typeof globalThis.fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    const deps = { ...depsFor(ScriptedReceiver.answering()), fetch: hanging };

    const error = await rejection(forward({ ...action, timeoutMs: 100 }, event, deps));

    expect(error).toBeInstanceOf(RetryableActionError);
    expect(error).toMatchObject({ message: 'forward to https://receiver.example timed out after 100 ms' });
  });

  it('fails permanently when the JWT secret has no signingSecret', async () => {
    const receiver = ScriptedReceiver.answering(new Response(null, { status: 200 }));

    const error = await rejection(forward(action, event, depsFor(receiver, { token: 'x' })));

    expect(error).toBeInstanceOf(PermanentActionError);
    expect(receiver.requests).toHaveLength(0);
  });
});
