import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign } from '@octokit/webhooks-methods';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type GatewayFixture,
  GITHUB_SECRET,
  gatewayFixture,
  STATUS_TOKEN,
  writeAcmeSecrets,
} from './support/gateway-fixture.js';
import { dynamoLocalProcesses, startLocalProcess, waitFor } from './support/local-process.js';

let fixture: GatewayFixture;

beforeAll(async () => {
  fixture = await gatewayFixture();
});

afterAll(async () => {
  await fixture?.close();
});

async function pushDelivery(baseUrl: string, delivery: string, secret = GITHUB_SECRET) {
  const body = JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'acme/api' } });
  return fetch(`${baseUrl}/webhooks/github-e2e`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-GitHub-Delivery': delivery,
      'X-GitHub-Event': 'push',
      'X-Hub-Signature-256': await sign(secret, body),
    },
    body,
  });
}

describe('local state', () => {
  it('keeps state under .local/ by default: an accepted event is still a duplicate after a restart', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'wg-e2e-state-'));
    const env = { GATEWAY_CONFIG: fixture.configFile };
    const first = await startLocalProcess(env, cwd);
    // The first start wrote random dev secrets; sign with the one it chose for this source.
    const secrets = JSON.parse(readFileSync(join(cwd, '.local', 'secrets.json'), 'utf8'));
    const secret: string = secrets['webhook-gateway/acme/github-e2e'].signingSecret;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);

    const accepted = await pushDelivery(first.baseUrl, 'gh-restart', secret);
    expect(await first.stop('SIGINT')).toBe(0);
    const second = await startLocalProcess(env, cwd);
    const retried = await pushDelivery(second.baseUrl, 'gh-restart', secret);
    await second.stop();

    expect(accepted.status).toBe(202);
    expect(retried.status).toBe(200);
    expect(existsSync(join(cwd, '.local', 'dynamodb'))).toBe(true);
    expect(JSON.parse(readFileSync(join(cwd, '.local', 'secrets.json'), 'utf8'))).toEqual(secrets);
  });
});

/** A paused GitHub source that keeps bodies above 1 KiB in the bucket; `paused: false` lets it run. */
function heldSourceConfig(dir: string, paused: boolean): string {
  const file = join(dir, paused ? 'paused.config.json' : 'running.config.json');
  writeFileSync(
    file,
    JSON.stringify({
      sources: [
        {
          id: 'held-e2e',
          tenant: 'acme',
          scheme: 'github',
          maxBodyBytes: 65_536,
          paused,
          actions: [
            {
              type: 'forward',
              url: `http://127.0.0.1:${fixture.receiver.port}/held`,
              jwtSecretName: 'webhook-gateway/acme/forward',
            },
          ],
        },
      ],
      storage: { offloadBodiesAboveBytes: 1024 },
    }),
  );
  return file;
}

describe('local state', () => {
  it('keeps a body held in the bucket across a restart, so its event is still forwarded', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'wg-e2e-bodies-'));
    const secretsFile = writeAcmeSecrets(cwd, { 'held-e2e': GITHUB_SECRET });
    // Random base64 barely compresses: 12 KB stays far above the 1 KiB threshold once gzipped.
    const body = JSON.stringify({
      repository: { full_name: 'acme/held' },
      blob: randomBytes(9000).toString('base64'),
    });
    const paused = await startLocalProcess(
      { GATEWAY_CONFIG: heldSourceConfig(cwd, true), LOCAL_SECRETS: secretsFile },
      cwd,
    );
    const accepted = await fetch(`${paused.baseUrl}/webhooks/held-e2e`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-GitHub-Delivery': 'gh-held',
        'X-GitHub-Event': 'push',
        'X-Hub-Signature-256': await sign(GITHUB_SECRET, body),
      },
      body,
    });
    expect(await paused.stop('SIGINT')).toBe(0);

    const running = await startLocalProcess(
      { GATEWAY_CONFIG: heldSourceConfig(cwd, false), LOCAL_SECRETS: secretsFile },
      cwd,
    );
    try {
      const forwarded = await waitFor(async () =>
        fixture.receiver.deliveries.find((delivery) => delivery.path === '/held'),
      );
      expect(accepted.status).toBe(202);
      expect(JSON.parse(forwarded.body).payload).toEqual(JSON.parse(body));
    } finally {
      await running.stop();
    }
  }, 60_000);
});

describe('without Java', () => {
  it('says it falls back to dynalite and still processes an event end to end', async () => {
    const emptyPath = mkdtempSync(join(tmpdir(), 'wg-e2e-path-'));
    const gateway = await startLocalProcess({
      GATEWAY_CONFIG: fixture.configFile,
      LOCAL_SECRETS: fixture.secretsFile,
      LOCAL_STATE: 'memory',
      PATH: emptyPath,
    });

    try {
      expect(gateway.output()).toContain('java 17+ not found: using dynalite');
      expect(gateway.info.dynamodbEngine).toBe('dynalite');
      expect((await pushDelivery(gateway.baseUrl, 'gh-dynalite')).status).toBe(202);
      const view = await waitFor(async () => {
        const response = await fetch(`${gateway.baseUrl}/events/github-e2e/gh-dynalite`, {
          headers: { Authorization: `Bearer ${STATUS_TOKEN}` },
        });
        const body = (await response.json()) as { status?: string };
        return body.status === 'SUCCEEDED' ? body : undefined;
      });
      expect(view.status).toBe('SUCCEEDED');
    } finally {
      await gateway.stop();
    }
  });
});

describe('no orphan emulator', () => {
  it('takes DynamoDB Local down even when the gateway is killed with SIGKILL', async () => {
    const gateway = await startLocalProcess({
      GATEWAY_CONFIG: fixture.configFile,
      LOCAL_SECRETS: fixture.secretsFile,
      LOCAL_STATE: 'memory',
    });
    const endpoint = gateway.info.dynamodbEndpoint;
    expect(dynamoLocalProcesses(endpoint)).toHaveLength(1);

    await gateway.stop('SIGKILL');

    await waitFor(() => (dynamoLocalProcesses(endpoint).length === 0 ? true : undefined), 10_000);
    expect(dynamoLocalProcesses(endpoint)).toEqual([]);
  });
});
