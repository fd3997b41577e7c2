import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { sign } from '@octokit/webhooks-methods';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClients } from '../../local/aws-clients.js';
import {
  type GatewayFixture,
  GITHUB_SECRET,
  gatewayFixture,
  STANDARD_SECRET,
  STATUS_TOKEN,
  STRIPE_SECRET,
} from './support/gateway-fixture.js';
import {
  dynamoLocalProcesses,
  type LocalProcess,
  nodeArgs,
  REPO,
  startLocalProcess,
  waitFor,
} from './support/local-process.js';

const run = promisify(execFile);

let fixture: GatewayFixture;
let gateway: LocalProcess;
let cwd: string;

beforeAll(async () => {
  fixture = await gatewayFixture();
  // An empty working directory: LOCAL_STATE=memory must leave it empty.
  cwd = mkdtempSync(join(tmpdir(), 'wg-e2e-cwd-'));
  gateway = await startLocalProcess(
    { GATEWAY_CONFIG: fixture.configFile, LOCAL_SECRETS: fixture.secretsFile, LOCAL_STATE: 'memory' },
    cwd,
  );
});

afterAll(async () => {
  await gateway?.stop();
  await fixture?.close();
});

const post = (sourceId: string, headers: Record<string, string>, body: string) =>
  fetch(`${gateway.baseUrl}/webhooks/${sourceId}`, { method: 'POST', headers, body });

function stripeEvent(id: string, invoice: string): string {
  return JSON.stringify({ id, type: 'invoice.paid', created: 1718020800, data: { object: { id: invoice } } });
}

const stripeHeaders = (body: string) => ({
  'Content-Type': 'application/json',
  'Stripe-Signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret: STRIPE_SECRET }),
});

async function githubHeaders(delivery: string, body: string, secret = GITHUB_SECRET) {
  return {
    'Content-Type': 'application/json',
    'X-GitHub-Delivery': delivery,
    'X-GitHub-Event': 'push',
    'X-Hub-Signature-256': await sign(secret, body),
  };
}

async function statusOf(
  sourceId: string,
  key: string,
): Promise<{ status: string; lastError?: string } | undefined> {
  const response = await fetch(`${gateway.baseUrl}/events/${sourceId}/${encodeURIComponent(key)}`, {
    headers: { Authorization: `Bearer ${STATUS_TOKEN}` },
  });
  return response.status === 200
    ? ((await response.json()) as { status: string; lastError?: string })
    : undefined;
}

const settled = (sourceId: string, key: string, status: string) =>
  waitFor(async () => {
    const view = await statusOf(sourceId, key);
    return view?.status === status ? view : undefined;
  });

const deliveriesOf = (eventId: string) =>
  fixture.receiver.deliveries.filter((delivery) => delivery.body.includes(`"eventId":"${eventId}"`));

describe('the local stack started as a user starts it', () => {
  it('prints the listening line, then each source with its URL and a signed curl', () => {
    const output = gateway.output();

    expect(output.split('\n')[0]).toBe(`webhook-gateway listening on ${gateway.baseUrl}`);
    expect(output).toContain(`stripe-e2e (stripe) ${gateway.baseUrl}/webhooks/stripe-e2e`);
    expect(output).toMatch(/curl .*'Stripe-Signature: t=\d+,v1=[0-9a-f]{64}'/);
  });

  it('accepts a Stripe-signed event with 202, forwards it exactly once, and answers its retry with 200', async () => {
    const body = stripeEvent('evt_e2e_once', 'in_e2e_1');

    const first = await post('stripe-e2e', stripeHeaders(body), body);
    const retry = await post('stripe-e2e', stripeHeaders(body), body);

    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ status: 'accepted', eventId: 'stripe-e2e:evt_e2e_once' });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ status: 'duplicate', eventId: 'stripe-e2e:evt_e2e_once' });
    await settled('stripe-e2e', 'evt_e2e_once', 'SUCCEEDED');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const deliveries = deliveriesOf('stripe-e2e:evt_e2e_once');
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.headers['idempotency-key']).toBe('stripe-e2e:evt_e2e_once');
  });

  it('answers 409 to the same delivery id with a different body', async () => {
    const body = JSON.stringify({ ref: 'refs/heads/main' });
    await post('github-e2e', await githubHeaders('gh-conflict', body), body);
    const other = JSON.stringify({ ref: 'refs/heads/other' });

    const response = await post('github-e2e', await githubHeaders('gh-conflict', other), other);

    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ status: 'conflict', eventId: 'github-e2e:gh-conflict' });
  });

  it('rejects a wrong signature (401), a large body (413), a wrong content type (415) and an unknown source (404)', async () => {
    const body = JSON.stringify({ ref: 'refs/heads/main' });
    const big = JSON.stringify({ pad: 'x'.repeat(5000) });
    const valid = await githubHeaders('gh-reject', body);

    const responses = await Promise.all([
      post('github-e2e', await githubHeaders('gh-reject', body, 'not the secret'), body),
      post('github-e2e', await githubHeaders('gh-big', big), big),
      post('github-e2e', { ...valid, 'Content-Type': 'text/plain' }, body),
      post('nobody', valid, body),
    ]);

    expect(responses.map((response) => response.status)).toEqual([401, 413, 415, 404]);
    expect(await responses[0]?.json()).toEqual({ status: 'error', error: 'invalid signature' });
    expect(await statusOf('github-e2e', 'gh-reject')).toBeUndefined();
  });

  it('dead-letters an event its downstream refuses with 400, visible in the status API and the DLQ', async () => {
    const body = JSON.stringify({ type: 'user.created', data: { id: 'u_1' } });
    const headers = new Webhook(STANDARD_SECRET).sign('msg_e2e_reject', new Date(), body);

    const response = await post(
      'reject-e2e',
      {
        'Content-Type': 'application/json',
        'webhook-id': 'msg_e2e_reject',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': headers,
      },
      body,
    );

    expect(response.status).toBe(202);
    const view = await settled('reject-e2e', 'msg_e2e_reject', 'DEAD_LETTERED');
    expect(view.lastError).toContain('400');
    const sqs = localClients({ dynamodb: gateway.info.dynamodbEndpoint, sqs: gateway.info.sqsEndpoint }).sqs;
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: gateway.info.deadLetterQueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    expect(Attributes?.ApproximateNumberOfMessages).toBe('1');
    sqs.destroy();
  });

  it('npm run replay prints a dry-run report of the DLQ as JSON', async () => {
    await settled('reject-e2e', 'msg_e2e_reject', 'DEAD_LETTERED');

    const { stdout } = await run(
      process.execPath,
      nodeArgs('bin/replay.ts', '{"from":"dlq","dryRun":true}'),
      {
        cwd: REPO,
        env: { ...process.env, PORT: String(gateway.port) },
      },
    );

    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      dryRun: true,
      matched: 1,
      requeued: 0,
      byGroup: { 'reject-e2e#msg_e2e_reject': 1 },
    });
  });

  it('npm run send signs an example file with the source secret and posts it', async () => {
    const { stdout } = await run(
      process.execPath,
      nodeArgs('bin/send.ts', 'github-e2e', 'examples/github-push.json'),
      {
        cwd: REPO,
        env: { ...process.env, PORT: String(gateway.port) },
      },
    );

    expect(stdout).toMatch(/^202 \{"status":"accepted","eventId":"github-e2e:[0-9a-f-]{36}"\}/);
  });

  it('the printed curl for a source is accepted', async () => {
    const line = gateway
      .output()
      .split('\n')
      .find((each) => each.trim().startsWith('curl') && each.includes('/webhooks/github-e2e'));
    expect(line).toBeDefined();

    // Pasted in another directory: the body file is named by its absolute path.
    const { stdout } = await run('sh', ['-c', line ?? ''], { cwd: tmpdir() });

    expect(JSON.parse(stdout)).toMatchObject({ status: 'accepted' });
  });

  it('stops on SIGTERM with exit code 0, leaving no DynamoDB Local process and nothing in its working directory', async () => {
    const endpoint = gateway.info.dynamodbEndpoint;

    const code = await gateway.stop('SIGTERM');

    expect(code).toBe(0);
    expect(dynamoLocalProcesses(endpoint)).toEqual([]);
    expect(readdirSync(cwd)).toEqual([]);
  });
});
