import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign } from '@octokit/webhooks-methods';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ForwardReceiver, startForwardReceiver } from '../../local/forward-receiver.js';
import { writeAcmeSecrets } from './support/gateway-fixture.js';
import { type LocalProcess, startLocalProcess, waitFor } from './support/local-process.js';

const SECRET = "It's a Secret to Everybody";
const TOKEN = 'e2e-status-token-sizes';
const MiB = 1024 * 1024;

/** A push-shaped GitHub payload of about `bytes`, filled with hex so it does not shrink much. */
/** Indented like many vendors' bodies, so a forward that serialized the payload again would differ. */
function pushPayload(delivery: string, bytes: number): string {
  const filler = randomBytes(Math.max(0, Math.floor((bytes - 200) / 2))).toString('hex');
  const fields = { ref: 'refs/heads/main', delivery, repository: { full_name: 'acme/api' }, filler };
  return JSON.stringify(fields, null, 2);
}

describe.each(['rest', 'http'] as const)('bodies from 1 KB to 4 MiB through the local %s API', (apiType) => {
  let receiver: ForwardReceiver;
  let gateway: LocalProcess;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wg-e2e-sizes-'));
    receiver = await startForwardReceiver({ host: '127.0.0.1', port: 0 });
    const configFile = join(dir, 'gateway.config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        api: { type: apiType },
        sources: [
          {
            id: 'github-large',
            tenant: 'acme',
            scheme: 'github',
            entityId: 'body:repository.full_name',
            maxBodyBytes: 4 * MiB,
            actions: [{ type: 'forward', url: `http://127.0.0.1:${receiver.port}/github` }],
          },
        ],
      }),
    );
    const secretsFile = writeAcmeSecrets(dir, { 'github-large': SECRET }, TOKEN);
    gateway = await startLocalProcess(
      { GATEWAY_CONFIG: configFile, LOCAL_SECRETS: secretsFile, LOCAL_STATE: 'memory' },
      dir,
    );
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    await receiver?.close();
  });

  const deliver = async (delivery: string, body: string) =>
    fetch(`${gateway.baseUrl}/webhooks/github-large`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-GitHub-Delivery': delivery,
        'X-Hub-Signature-256': await sign(SECRET, body),
      },
      body,
    });

  it.each([
    ['1 KB', 1024],
    ['3 MiB', 3 * MiB],
  ])('accepts a %s body and forwards its payload intact', async (_label, bytes) => {
    const delivery = `${apiType}-${bytes}`;
    const body = pushPayload(delivery, bytes);

    const response = await deliver(delivery, body);

    expect(response.status).toBe(202);
    const forwarded = await waitFor(
      () =>
        receiver.deliveries.find((each) => each.headers['idempotency-key'] === `github-large:${delivery}`),
      30_000,
    );
    expect(forwarded.status).toBe(200);
    // The vendor's bytes, not a re-serialization of them.
    expect(forwarded.body.endsWith(`"payload":${body}}`)).toBe(true);
    expect(JSON.parse(forwarded.body).payload).toEqual(JSON.parse(body));
    const status = await waitFor(async () => {
      const answer = await fetch(`${gateway.baseUrl}/events/github-large/${delivery}`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      const json = (await answer.json()) as { status?: string };
      return json.status === 'SUCCEEDED' ? json : undefined;
    });
    expect(status).toMatchObject({ eventId: `github-large:${delivery}`, attempts: 1 });
  });

  it('answers a duplicate of a 3 MiB delivery with 200 and forwards it once', async () => {
    const delivery = `${apiType}-dup`;
    const body = pushPayload(delivery, 3 * MiB);

    expect((await deliver(delivery, body)).status).toBe(202);
    expect((await deliver(delivery, body)).status).toBe(200);

    await waitFor(() =>
      receiver.deliveries.find((each) => each.headers['idempotency-key'] === `github-large:${delivery}`),
    );
    expect(
      receiver.deliveries.filter((each) => each.headers['idempotency-key'] === `github-large:${delivery}`),
    ).toHaveLength(1);
  });

  it('refuses a body over the source’s maxBodyBytes with 413 and stores nothing', async () => {
    const delivery = `${apiType}-too-big`;
    const body = pushPayload(delivery, 4 * MiB + 1024);

    const response = await deliver(delivery, body);

    expect(response.status).toBe(413);
    const status = await fetch(`${gateway.baseUrl}/events/github-large/${delivery}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(status.status).toBe(404);
  });
});
