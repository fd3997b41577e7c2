import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/free-port.js';
import { type LocalProcess, startLocalProcess, waitFor } from '../e2e/support/local-process.js';
import { type ForwardedEvent, gatewayForwardToken } from './support/gateway.js';
import { assertWordpressTools } from './support/requirements.js';
import { startSite, type WordpressSite } from './support/site.js';

const SOURCE = 'wp-e2e';
const SIGNING_SECRET = 'e2e-wordpress-signing-secret-0123456789';
const JWT_SECRET = 'e2e-wordpress-forward-jwt-0123456789abcdef';
const STATUS_TOKEN = 'e2e-wordpress-status-token';

interface Delivery {
  readonly idempotencyKey: string;
  readonly event: string;
  readonly state: 'pending' | 'delivered' | 'failed';
  readonly attempts: number;
  readonly lastStatusCode: number | null;
  readonly gatewayStatus?: string;
  readonly updatedAt: string;
}

interface Received {
  readonly eventId: string;
  readonly sourceId: string;
  readonly eventType: string;
  readonly entityId: string;
  readonly receivedAt: string;
}

let site: WordpressSite;
let gateway: LocalProcess;
let gatewayEnv: Record<string, string>;
let configDir: string;
let receiverUrl: string;

/** The local stack, configured with a `wordpress` source that forwards back to the site. */
function writeGatewayFiles(sitePort: number): Record<string, string> {
  configDir = mkdtempSync(join(tmpdir(), 'wgb-gateway-'));
  receiverUrl = `http://127.0.0.1:${sitePort}/?rest_route=/webhook-gateway/v1/events`;
  const configFile = join(configDir, 'gateway.config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      sources: [
        {
          id: SOURCE,
          tenant: 'blog',
          scheme: 'wordpress',
          entityId: 'body:post_id',
          eventType: 'body:event',
          occurredAt: 'body:modified_gmt',
          actions: [{ type: 'forward', url: receiverUrl, jwtSecretName: 'webhook-gateway/blog/forward' }],
        },
      ],
      retry: { maxReceiveCount: 3, baseDelaySeconds: 1, maxDelaySeconds: 2 },
    }),
  );
  const secretsFile = join(configDir, 'secrets.json');
  writeFileSync(
    secretsFile,
    JSON.stringify({
      [`webhook-gateway/blog/${SOURCE}`]: { signingSecret: SIGNING_SECRET },
      'webhook-gateway/blog/forward': { signingSecret: JWT_SECRET },
      'webhook-gateway/blog/status': { token: STATUS_TOKEN },
    }),
  );
  return { GATEWAY_CONFIG: configFile, LOCAL_SECRETS: secretsFile, LOCAL_STATE: 'memory' };
}

/** The plugin's constants, as a site owner puts them in wp-config.php. */
function pluginConstants(gatewayPort: number): string {
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  return [
    `define( 'WEBHOOK_GATEWAY_URL', '${gatewayUrl}/webhooks/${SOURCE}' );`,
    `define( 'WEBHOOK_GATEWAY_SECRET', '${SIGNING_SECRET}' );`,
    `define( 'WEBHOOK_GATEWAY_JWT_SECRET', '${JWT_SECRET}' );`,
    `define( 'WEBHOOK_GATEWAY_STATUS_URL', '${gatewayUrl}/events/' );`,
    `define( 'WEBHOOK_GATEWAY_STATUS_TOKEN', '${STATUS_TOKEN}' );`,
    // One-second retry waits, so "the gateway is back" does not wait the real minute.
    `define( 'WGB_TEST_RETRY_DELAYS', '1,1,1,1' );`,
    `define( 'WGB_TEST_NO_MOVING_STATUS_CACHE', true );`,
  ].join('\n');
}

async function publish(title: string): Promise<number> {
  const answer = await site.rest<{ id: number }>('POST', '/wp/v2/posts', {
    as: 'editor',
    body: { title, content: `<p>${title}</p>`, status: 'publish' },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.id;
}

async function deliveries(postId: number): Promise<Delivery[]> {
  const answer = await site.rest<Delivery[]>('GET', `/webhook-gateway/v1/posts/${postId}/deliveries`, {
    as: 'editor',
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

async function received(): Promise<Received[]> {
  const answer = await site.rest<Received[]>('GET', '/webhook-gateway/v1/received', {
    as: 'admin',
    query: { per_page: '100' },
  });
  expect(answer.status).toBe(200);
  return answer.body;
}

/** How often site code saw each event through `webhook_gateway_event` (test mu-plugin). */
async function effects(): Promise<Record<string, number>> {
  return (await site.rest<Record<string, number>>('GET', '/wgb-test/v1/effects', { as: 'admin' })).body;
}

/** Waits until the site recorded the gateway's callbacks for these event ids. */
async function untilReceived(eventIds: string[]): Promise<Received[]> {
  return waitFor(async () => {
    const list = await received();
    return eventIds.every((id) => list.some((item) => item.eventId === id)) ? list : undefined;
  });
}

/** Waits until every listed delivery of the post shows a final gateway status. */
async function untilGatewayFinished(postId: number, count: number): Promise<Delivery[]> {
  return waitFor(async () => {
    const list = await deliveries(postId);
    const done = list.filter((item) => item.gatewayStatus !== undefined && item.gatewayStatus !== 'QUEUED');
    return list.length === count &&
      done.length === count &&
      done.every((item) => item.gatewayStatus !== 'PROCESSING')
      ? list
      : undefined;
  });
}

const eventIdOf = (delivery: Delivery | undefined): string => `${SOURCE}:${delivery?.idempotencyKey}`;

function forwardedEvent(eventId: string, postId: number, eventType = 'post.updated'): ForwardedEvent {
  return {
    eventId,
    sourceId: SOURCE,
    tenant: 'blog',
    eventType,
    entityId: String(postId),
    receivedAt: new Date().toISOString(),
    payload: { event: eventType, post_id: postId, summary: 'Written by the pipeline' },
  };
}

function callReceiver(event: ForwardedEvent, token: string): Promise<Response> {
  return fetch(receiverUrl, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': event.eventId,
    },
    body: JSON.stringify(event),
  });
}

describe('a WordPress site and the local gateway, end to end', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    assertWordpressTools();
    const [sitePort, gatewayPort] = await Promise.all([freePort(), freePort()]);
    gatewayEnv = { ...writeGatewayFiles(sitePort), PORT: String(gatewayPort) };
    [site, gateway] = await Promise.all([
      startSite({ port: sitePort, extraConfig: pluginConstants(gatewayPort) }),
      startLocalProcess(gatewayEnv),
    ]);
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await site?.stop();
    if (configDir !== undefined) rmSync(configDir, { recursive: true, force: true });
  });

  it('publishing a post delivers it, the gateway forwards it back once and editors see SUCCEEDED', async () => {
    const postId = await publish('Published end to end');

    // The save returned before anything was sent: the event waits in the outbox for cron.
    const beforeCron = await deliveries(postId);
    await site.runCron();
    const afterCron = await deliveries(postId);
    const eventId = eventIdOf(afterCron[0]);
    const recorded = await untilReceived([eventId]);
    const final = await untilGatewayFinished(postId, 1);
    const post = await site.rest<{ meta: Record<string, { eventId?: string }> }>(
      'GET',
      `/wp/v2/posts/${postId}`,
      {
        as: 'editor',
        query: { context: 'edit' },
      },
    );

    expect(beforeCron).toMatchObject([
      { event: 'post.published', state: 'pending', attempts: 0, lastStatusCode: null },
    ]);
    expect(afterCron).toMatchObject([
      { event: 'post.published', state: 'delivered', attempts: 1, lastStatusCode: 202 },
    ]);
    expect(recorded.filter((item) => item.eventId === eventId)).toEqual([
      {
        eventId,
        sourceId: SOURCE,
        eventType: 'post.published',
        entityId: String(postId),
        receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      },
    ]);
    expect(final).toMatchObject([
      { event: 'post.published', state: 'delivered', gatewayStatus: 'SUCCEEDED' },
    ]);
    expect((await effects())[eventId]).toBe(1);
    expect(post.body.meta._webhook_gateway_last_event?.eventId).toBe(eventId);
  });

  it('with the gateway down during a publish, the event goes out once after it is back and cron runs', async () => {
    await gateway.stop();
    const postId = await publish('Published while the gateway is down');
    await site.runCron();
    const whileDown = await deliveries(postId);

    gateway = await startLocalProcess(gatewayEnv);
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the test site's one-second retry wait
    await site.runCron();
    const afterRetry = await deliveries(postId);
    const eventId = eventIdOf(afterRetry[0]);
    const recorded = await untilReceived([eventId]);
    const final = await untilGatewayFinished(postId, 1);
    await site.runCron();

    expect(whileDown).toMatchObject([
      { event: 'post.published', state: 'pending', attempts: 1, lastStatusCode: null },
    ]);
    expect(afterRetry).toMatchObject([{ state: 'delivered', attempts: 2, lastStatusCode: 202 }]);
    expect(recorded.filter((item) => item.eventId === eventId)).toHaveLength(1);
    expect(final).toMatchObject([{ gatewayStatus: 'SUCCEEDED', attempts: 2 }]);
    expect((await deliveries(postId))[0]?.attempts).toBe(2);
    expect((await effects())[eventId]).toBe(1);
  });

  it('a callback with a wrong or an expired token gets 401 and records nothing', async () => {
    const postId = await publish('Target of forged callbacks');
    const wrongKey = forwardedEvent(`${SOURCE}:forged-key`, postId);
    const expired = forwardedEvent(`${SOURCE}:forged-expired`, postId);

    const withWrongKey = await callReceiver(
      wrongKey,
      await gatewayForwardToken({ url: receiverUrl, secret: 'not-the-sites-jwt-secret', event: wrongKey }),
    );
    const withExpired = await callReceiver(
      expired,
      await gatewayForwardToken({
        url: receiverUrl,
        secret: JWT_SECRET,
        event: expired,
        nowMs: Date.now() - 600_000,
      }),
    );
    const post = await site.rest<{ meta: Record<string, unknown> }>('GET', `/wp/v2/posts/${postId}`, {
      as: 'editor',
      query: { context: 'edit' },
    });

    expect([withWrongKey.status, withExpired.status]).toEqual([401, 401]);
    const ids = (await received()).map((item) => item.eventId);
    expect(ids).not.toContain(wrongKey.eventId);
    expect(ids).not.toContain(expired.eventId);
    expect(Object.keys(await effects())).not.toContain(wrongKey.eventId);
    // WordPress shows an object meta that was never written as [].
    expect(post.body.meta._webhook_gateway_last_event).toEqual([]);
  });

  it('the same callback twice answers the same and has one effect', async () => {
    const postId = await publish('Target of a repeated callback');
    const event = forwardedEvent(`${SOURCE}:repeated-callback`, postId);
    const token = await gatewayForwardToken({ url: receiverUrl, secret: JWT_SECRET, event });

    const first = await callReceiver(event, token);
    const second = await callReceiver(event, token);

    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.json()).toEqual(await first.json());
    expect((await received()).filter((item) => item.eventId === event.eventId)).toHaveLength(1);
    expect((await effects())[event.eventId]).toBe(1);
  });

  it('trashing a published post sends post.trashed after its post.published, both applied in order', async () => {
    const postId = await publish('Published then trashed');
    const trashed = await site.rest<{ status: string }>('DELETE', `/wp/v2/posts/${postId}`, { as: 'editor' });

    await site.runCron();
    const sent = await deliveries(postId);
    const recorded = await untilReceived(sent.map(eventIdOf));
    const final = await untilGatewayFinished(postId, 2);

    expect(trashed.body.status).toBe('trash');
    expect(sent).toMatchObject([
      { event: 'post.trashed', state: 'delivered' },
      { event: 'post.published', state: 'delivered' },
    ]);
    // Newest first: the site applied published, then trashed.
    expect(recorded.filter((item) => item.entityId === String(postId)).map((item) => item.eventType)).toEqual(
      ['post.trashed', 'post.published'],
    );
    expect(final.map((item) => item.gatewayStatus)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
  });

  it('logged no PHP notice, warning, deprecation or error from the plugin with WP_DEBUG on', () => {
    const problems = readFileSync(site.debugLog, 'utf8')
      .split('\n')
      .filter((line) => /PHP (Notice|Warning|Deprecated|Fatal error|Parse error)/.test(line))
      .filter((line) => line.includes('webhook-gateway-bridge'));

    expect(problems).toEqual([]);
  });
});
