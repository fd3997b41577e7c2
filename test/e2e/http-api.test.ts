import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { sign } from '@octokit/webhooks-methods';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../lambdas/shared/api-event.js';
import { startHttpApi } from '../../local/http-api.js';
import {
  type GatewayFixture,
  GITHUB_SECRET,
  gatewayFixture,
  STATUS_TOKEN,
  STRIPE_SECRET,
} from './support/gateway-fixture.js';
import { type LocalProcess, startLocalProcess } from './support/local-process.js';

const FORM = 'application/x-www-form-urlencoded';
/** `payload=` then bytes that are not UTF-8: GitHub's form shape, unusable once verified. */
const NOT_UTF8 = new Uint8Array([...new TextEncoder().encode('payload='), 0xff, 0xfe, 0x7b, 0x7d]);

interface Answer {
  readonly status: number;
  readonly body: string;
}

/**
 * POSTs with node:http, which can send a header twice (fetch joins repeats into one line first),
 * and the body as the exact bytes given.
 */
function post(
  url: string,
  headers: Record<string, string | string[]>,
  body: string | Uint8Array,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST' }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    for (const [name, value] of Object.entries(headers)) outgoing.setHeader(name, value);
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('the local API Gateway', () => {
  const seen: ApiEvent[] = [];
  const routes = [
    {
      method: 'POST' as const,
      resource: '/webhooks/{sourceId}',
      handler: async (event: ApiEvent) => {
        seen.push(event);
        return { statusCode: 204, body: '' };
      },
    },
  ];

  it('hands the handler an HTTP API event (payload format 2.0) when it plays an HTTP API', async () => {
    const api = await startHttpApi({ host: '127.0.0.1', port: 0, routes, apiType: 'http' });
    try {
      const answer = await post(
        `http://127.0.0.1:${api.port}/webhooks/gh`,
        { 'Content-Type': 'application/octet-stream', 'X-Repeated': ['one', 'two'] },
        NOT_UTF8,
      );

      expect(answer.status).toBe(204);
      const event = seen.at(-1);
      expect(event).toMatchObject({
        version: '2.0',
        routeKey: 'POST /webhooks/{sourceId}',
        rawPath: '/webhooks/gh',
        pathParameters: { sourceId: 'gh' },
        requestContext: { http: { method: 'POST' } },
        isBase64Encoded: true,
        body: Buffer.from(NOT_UTF8).toString('base64'),
      });
      expect(event?.headers['x-repeated']).toBe('one,two');
    } finally {
      await api.close();
    }
  });

  it('hands the handler a REST proxy event (payload format 1.0) by default', async () => {
    const api = await startHttpApi({ host: '127.0.0.1', port: 0, routes });
    try {
      await post(`http://127.0.0.1:${api.port}/webhooks/gh`, { 'X-Repeated': ['one', 'two'] }, '{}');

      const event = seen.at(-1);
      expect(event).toMatchObject({ resource: '/webhooks/{sourceId}', httpMethod: 'POST' });
      expect(event?.headers['X-Repeated']).toBe('two');
    } finally {
      await api.close();
    }
  });
});

describe('the local stack with api.type "http"', () => {
  let fixture: GatewayFixture;
  let gateway: LocalProcess;

  beforeAll(async () => {
    fixture = await gatewayFixture({ apiType: 'http', githubContentTypes: ['application/json', FORM] });
    gateway = await startLocalProcess({
      GATEWAY_CONFIG: fixture.configFile,
      LOCAL_SECRETS: fixture.secretsFile,
      LOCAL_STATE: 'memory',
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    await fixture?.close();
  });

  const webhook = (sourceId: string, headers: Record<string, string | string[]>, body: string | Uint8Array) =>
    post(`${gateway.baseUrl}/webhooks/${sourceId}`, headers, body);

  const github = async (
    delivery: string | string[],
    body: string | Uint8Array,
    contentType = 'application/json',
  ) => ({
    'Content-Type': contentType,
    'X-GitHub-Delivery': delivery,
    'X-GitHub-Event': 'push',
    'X-Hub-Signature-256':
      typeof body === 'string'
        ? await sign(GITHUB_SECRET, body)
        : `sha256=${createHmac('sha256', GITHUB_SECRET).update(body).digest('hex')}`,
  });

  const status = (sourceId: string, key: string, token?: string) =>
    fetch(`${gateway.baseUrl}/events/${sourceId}/${encodeURIComponent(key)}`, {
      headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
    });

  it('builds HTTP API events end to end: a repeated delivery header reaches ingest joined with a comma', async () => {
    const body = JSON.stringify({ ref: 'refs/heads/main', n: 0 });

    const answer = await webhook('github-e2e', await github(['gh-dup', 'gh-dup'], body), body);

    // Behind the REST API the last value alone would be the key: github-e2e:gh-dup.
    expect(answer.status).toBe(202);
    expect(JSON.parse(answer.body)).toEqual({ status: 'accepted', eventId: 'github-e2e:gh-dup,gh-dup' });
  });

  it('accepts a Stripe-signed event with 202 and answers its retry with 200', async () => {
    const body = JSON.stringify({
      id: 'evt_http_once',
      type: 'invoice.paid',
      created: 1718020800,
      data: { object: { id: 'in_http_1' } },
    });
    const headers = () => ({
      'Content-Type': 'application/json',
      'Stripe-Signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret: STRIPE_SECRET }),
    });

    const first = await webhook('stripe-e2e', headers(), body);
    const retry = await webhook('stripe-e2e', headers(), body);

    expect(first.status).toBe(202);
    expect(JSON.parse(first.body)).toEqual({ status: 'accepted', eventId: 'stripe-e2e:evt_http_once' });
    expect(retry.status).toBe(200);
    expect(JSON.parse(retry.body)).toEqual({ status: 'duplicate', eventId: 'stripe-e2e:evt_http_once' });
  });

  it('answers 409 to the same delivery id with a different body', async () => {
    const body = JSON.stringify({ ref: 'refs/heads/main', n: 1 });
    const other = JSON.stringify({ ref: 'refs/heads/other', n: 1 });
    await webhook('github-e2e', await github('gh-http-conflict', body), body);

    const answer = await webhook('github-e2e', await github('gh-http-conflict', other), other);

    expect(answer.status).toBe(409);
    expect(JSON.parse(answer.body)).toEqual({ status: 'conflict', eventId: 'github-e2e:gh-http-conflict' });
  });

  it('rejects a wrong signature (401), a large body (413), a wrong content type (415) and an unknown source (404)', async () => {
    const body = JSON.stringify({ ref: 'refs/heads/main', n: 2 });
    const big = JSON.stringify({ pad: 'x'.repeat(5000) });
    const valid = await github('gh-http-reject', body);
    const forged = { ...valid, 'X-Hub-Signature-256': await sign('not the secret', body) };

    const answers = await Promise.all([
      webhook('github-e2e', forged, body),
      webhook('github-e2e', await github('gh-http-big', big), big),
      webhook('github-e2e', { ...valid, 'Content-Type': 'text/plain' }, body),
      webhook('nobody', valid, body),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([401, 413, 415, 404]);
    expect(JSON.parse(answers[0]?.body ?? '')).toEqual({ status: 'error', error: 'invalid signature' });
  });

  it('verifies a form body, which arrives base64-encoded, on its exact bytes, multi-byte characters included', async () => {
    const body = `payload=${encodeURIComponent(JSON.stringify({ ref: 'refs/heads/main', pusher: 'zoë ☕' }))}`;

    const answer = await webhook('github-e2e', await github('gh-http-form', body, FORM), body);

    expect(answer.status).toBe(202);
  });

  it('verifies bytes that are not UTF-8 exactly as sent (400 unusable, not 401), and stores nothing', async () => {
    const answer = await webhook('github-e2e', await github('gh-http-bin', NOT_UTF8, FORM), NOT_UTF8);

    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ status: 'error', error: 'unusable event' });
    expect((await status('github-e2e', 'gh-http-bin', STATUS_TOKEN)).status).toBe(404);
  });

  it('answers the status API 200 with the token, 401 without, 404 for an unknown key', async () => {
    const body = JSON.stringify({ ref: 'refs/heads/main', n: 3 });
    await webhook('github-e2e', await github('gh-http-status', body), body);

    const [known, anonymous, unknown] = await Promise.all([
      status('github-e2e', 'gh-http-status', STATUS_TOKEN),
      status('github-e2e', 'gh-http-status'),
      status('github-e2e', 'gh-http-never', STATUS_TOKEN),
    ]);

    expect(known.status).toBe(200);
    expect(await known.json()).toMatchObject({ eventId: 'github-e2e:gh-http-status' });
    expect(anonymous.status).toBe(401);
    expect(unknown.status).toBe(404);
  });
});
