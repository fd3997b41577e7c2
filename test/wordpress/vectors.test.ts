import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../e2e/support/local-process.js';
import {
  type ForwardedEvent,
  gatewayAcceptsWordpressDelivery,
  gatewayForwardToken,
} from './support/gateway.js';
import { assertWordpressTools } from './support/requirements.js';

const run = promisify(execFile);
const VECTORS = join(REPO, 'wordpress/tests/bin/vectors.php');

const SIGNING_SECRET = 'vectors-signing-secret-0123456789';
const JWT_SECRET = 'vectors-jwt-secret-0123456789abcdef';
const NEW_JWT_SECRET = 'vectors-jwt-secret-rotated-fedcba9876543210';
const RECEIVER = 'https://blog.example/wp-json/webhook-gateway/v1/events';
const SITE = 'https://blog.example';
// Slashes, non-ASCII and an emoji: wp_json_encode leaves them as the gateway receives them.
const BODY =
  '{"event":"post.published","post_id":42,"title":"Café — “quotes” 🎉","url":"https://blog.example/?p=42","modified_gmt":"2026-12-01T10:00:00Z"}';

/** Runs the plugin's PHP on one request. */
async function php<T>(request: Record<string, unknown>): Promise<T> {
  const { stdout } = await run('php', [VECTORS, JSON.stringify(request)]);
  return JSON.parse(stdout) as T;
}

const pluginSigns = (timestamp: number, body = BODY) =>
  php<{ headers: Record<string, string> }>({
    op: 'sign',
    secret: SIGNING_SECRET,
    timestamp,
    body,
    key: '0d4c2b8e-5d1f-4b8a-9c3e-2f1a7b6c5d4e',
  }).then((answer) => answer.headers);

const pluginVerifies = (token: string, secrets: Record<string, string>, now: number, audience = SITE) =>
  php<{ ok: boolean; key?: string; error?: string; claims?: Record<string, unknown> }>({
    op: 'verify-jwt',
    token,
    secrets,
    audience,
    now,
  });

const event: ForwardedEvent = {
  eventId: 'wp-blog:0d4c2b8e-5d1f-4b8a-9c3e-2f1a7b6c5d4e',
  sourceId: 'wp-blog',
  tenant: 'blog',
  eventType: 'post.published',
  entityId: '42',
  receivedAt: '2026-12-01T10:00:01.000Z',
  payload: { event: 'post.published', post_id: 42 },
};

const NOW_MS = Date.UTC(2026, 11, 1, 10, 0, 2);
const NOW = Math.floor(NOW_MS / 1000);

/** The gateway's `wordpress` scheme, at NOW, on a delivery signed with SIGNING_SECRET. */
const gatewayAccepts = (headers: Record<string, string>, body = BODY) =>
  gatewayAcceptsWordpressDelivery({ headers, body, secret: SIGNING_SECRET, nowSeconds: NOW });

describe('signatures made by the plugin, checked by the gateway', () => {
  beforeAll(() => {
    assertWordpressTools();
  });

  it('a body signed by the plugin passes the gateway’s wordpress scheme', async () => {
    const headers = await pluginSigns(NOW);

    const result = gatewayAccepts(headers);

    expect(result).toEqual({ ok: true, key: 'current' });
    expect(headers['Idempotency-Key']).toBe('0d4c2b8e-5d1f-4b8a-9c3e-2f1a7b6c5d4e');
  });

  it('a body changed after signing fails the gateway’s check, and the plugin signs the change differently', async () => {
    const headers = await pluginSigns(NOW);
    const tampered = BODY.replace('"post_id":42', '"post_id":43');

    const result = gatewayAccepts(headers, tampered);

    expect(result.ok).toBe(false);
    expect((await pluginSigns(NOW, tampered))['X-WP-Signature']).not.toBe(headers['X-WP-Signature']);
  });

  it('a signature the plugin made 301 seconds ago is outside the gateway’s window', async () => {
    const headers = await pluginSigns(NOW - 301);

    const result = gatewayAccepts(headers);

    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/^timestamp/);
  });
});

describe('tokens made by the gateway’s forward action, checked by the plugin', () => {
  let token: string;

  beforeAll(async () => {
    assertWordpressTools();
    token = await gatewayForwardToken({ url: RECEIVER, secret: JWT_SECRET, event, nowMs: NOW_MS });
  });

  it('verifies with the current secret, issuer, the site’s origin as audience and the event as jti', async () => {
    const result = await pluginVerifies(token, { current: JWT_SECRET }, NOW);

    expect(result).toMatchObject({
      ok: true,
      key: 'current',
      claims: { iss: 'webhook-gateway', aud: SITE, jti: event.eventId, exp: NOW + 300 },
    });
  });

  it('names its key with the kid the plugin computes for the secret', async () => {
    const { kid } = await php<{ kid: string }>({ op: 'key-id', secret: JWT_SECRET });

    expect(kid).toBe(createHash('sha256').update(JWT_SECRET).digest('hex').slice(0, 16));
    expect(decodeProtectedHeader(token).kid).toBe(kid);
  });

  it('still verifies on a site that rotated to a new secret and kept this one as previous', async () => {
    const result = await pluginVerifies(token, { current: NEW_JWT_SECRET, previous: JWT_SECRET }, NOW);

    expect(result).toMatchObject({ ok: true, key: 'previous' });
  });

  it('is refused by a site that no longer has its secret', async () => {
    const result = await pluginVerifies(token, { current: NEW_JWT_SECRET }, NOW);

    expect(result.ok).toBe(false);
  });

  it('is refused after it expired', async () => {
    const result = await pluginVerifies(token, { current: JWT_SECRET }, NOW + 300 + 31);

    expect(result).toEqual({ ok: false, error: 'expired' });
  });

  it('is refused by another site (audience)', async () => {
    const result = await pluginVerifies(token, { current: JWT_SECRET }, NOW, 'https://other.example');

    expect(result).toEqual({ ok: false, error: 'wrong audience' });
  });

  it('fails in the plugin and in the gateway’s own JWT library once tampered with', async () => {
    const [header, claims, signature] = token.split('.');
    const changed = JSON.parse(Buffer.from(claims ?? '', 'base64url').toString('utf8'));
    changed.jti = 'wp-blog:another-event';
    const tampered = `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;

    const inPlugin = await pluginVerifies(tampered, { current: JWT_SECRET }, NOW);
    const inGateway = jwtVerify(tampered, new TextEncoder().encode(JWT_SECRET), {
      issuer: 'webhook-gateway',
      audience: SITE,
      currentDate: new Date(NOW_MS),
    });

    expect(inPlugin).toEqual({ ok: false, error: 'signature does not match' });
    await expect(inGateway).rejects.toThrow(/signature verification failed/);
  });
});
