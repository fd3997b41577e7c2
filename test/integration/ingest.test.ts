import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign } from '@octokit/webhooks-methods';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestHandler } from '../../lambdas/ingest/create-handler.js';
import { DynamoEventStore } from '../../lambdas/shared/adapters/dynamo-event-store.js';
import { SqsEventQueue } from '../../lambdas/shared/adapters/sqs-event-queue.js';
import type { GatewayConfig } from '../../lambdas/shared/config/load.js';
import { SecretCache } from '../../lambdas/shared/domain/secret-cache.js';
import type { LocalResources } from '../../local/create-resources.js';
import { LocalFileSecretSource } from '../../local/local-file-secret-source.js';
import { type Backends, countItems, drainQueue, queueDepth, startBackends } from '../support/backends.js';
import { testConfig } from '../support/config.js';
import { type Invokable, invokable } from '../support/invoke.js';
import { webhookEvent } from '../support/webhook-request.js';

const SECRET = 'gh-test-secret';
const SOURCE = 'github-acme';

let backends: Backends;
let config: GatewayConfig;
let secretsFile: string;

beforeAll(async () => {
  backends = await startBackends();
  config = testConfig([
    {
      id: SOURCE,
      tenant: 'acme',
      scheme: 'github',
      entityId: 'body:repository.full_name',
      maxBodyBytes: 2048,
    },
  ]);
  secretsFile = join(mkdtempSync(join(tmpdir(), 'wg-secrets-')), 'secrets.json');
  writeFileSync(
    secretsFile,
    JSON.stringify({ 'webhook-gateway/acme/github-acme': { signingSecret: SECRET } }),
  );
});

afterAll(async () => {
  await backends?.stop();
});

interface Harness {
  readonly resources: LocalResources;
  readonly handler: Invokable<APIGatewayProxyEvent, APIGatewayProxyResult>;
  /** When set, the next SQS call fails before it leaves the client. */
  failNextSqsCall(): void;
}

async function harness(): Promise<Harness> {
  const resources = await backends.createResources(config);
  let failNext = false;
  const { sqs } = backends.clients;
  const store = new DynamoEventStore(backends.clients.dynamodb, resources.tableName);
  const queue = new SqsEventQueue(
    {
      send: (command: Parameters<typeof sqs.send>[0]) => {
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error('SQS is down'));
        }
        return sqs.send(command);
      },
    } as typeof sqs,
    resources.queueUrl,
  );
  const handler = invokable(
    createIngestHandler({
      config,
      store,
      queue,
      secrets: new SecretCache(new LocalFileSecretSource(secretsFile), Date.now),
      clock: Date.now,
    }),
  );
  return {
    resources,
    handler,
    failNextSqsCall: () => {
      failNext = true;
    },
  };
}

async function githubDelivery(deliveryId: string, body: string, secret = SECRET) {
  return webhookEvent(
    SOURCE,
    {
      'Content-Type': 'application/json',
      'X-GitHub-Delivery': deliveryId,
      'X-GitHub-Event': 'push',
      'X-Hub-Signature-256': await sign(secret, body),
    },
    body,
  );
}

const pushBody = (ref: string) => JSON.stringify({ ref, repository: { full_name: 'acme/api' } });

describe('ingest against DynamoDB and SQS emulators', () => {
  it('accepts exactly one of 200 concurrent identical deliveries and queues one message', async () => {
    const { handler, resources } = await harness();
    const event = await githubDelivery('delivery-concurrent', pushBody('refs/heads/main'));

    const responses = await Promise.all(Array.from({ length: 200 }, () => handler(event)));

    const codes = responses.map((response) => response.statusCode);
    expect(codes.filter((code) => code === 202)).toHaveLength(1);
    expect(codes.filter((code) => code === 200)).toHaveLength(199);
    expect(JSON.parse(responses.find((r) => r.statusCode === 202)?.body ?? '{}')).toEqual({
      status: 'accepted',
      eventId: 'github-acme:delivery-concurrent',
    });
    const messages = await drainQueue(backends.clients, resources.queueUrl);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.Attributes?.MessageGroupId).toBe('github-acme#acme/api');
    expect(JSON.parse(messages[0]?.Body ?? '{}')).toEqual({
      eventId: 'github-acme:delivery-concurrent',
      sourceId: 'github-acme',
      idempotencyKey: 'delivery-concurrent',
      // The first copy of the event: a replay would send one with its new count.
      replayCount: 0,
    });
  });

  it('answers 409 conflict for the same delivery id with a different body, keeping the first', async () => {
    const { handler, resources } = await harness();
    await handler(await githubDelivery('delivery-conflict', pushBody('refs/heads/main')));

    const response = await handler(await githubDelivery('delivery-conflict', pushBody('refs/heads/other')));

    expect(response.statusCode).toBe(409);
    expect(JSON.parse(response.body)).toEqual({
      status: 'conflict',
      eventId: 'github-acme:delivery-conflict',
    });
    const store = new DynamoEventStore(backends.clients.dynamodb, resources.tableName);
    const stored = await store.get({ sourceId: SOURCE, idempotencyKey: 'delivery-conflict' });
    expect(new TextDecoder().decode(stored?.body)).toBe(pushBody('refs/heads/main'));
    expect(await countItems(backends.clients, resources.tableName)).toBe(1);
    expect(await queueDepth(backends.clients, resources.queueUrl)).toBe(1);
  });

  it('answers 503 when SQS fails after the put, and the vendor retry queues the stored event', async () => {
    const { handler, resources, failNextSqsCall } = await harness();
    const event = await githubDelivery('delivery-sqs-down', pushBody('refs/heads/main'));
    const store = new DynamoEventStore(backends.clients.dynamodb, resources.tableName);
    const key = { sourceId: SOURCE, idempotencyKey: 'delivery-sqs-down' };

    failNextSqsCall();
    const first = await handler(event);

    expect(first.statusCode).toBe(503);
    expect(JSON.parse(first.body)).toEqual({ status: 'error', error: 'temporarily unavailable' });
    expect((await store.get(key))?.status).toBe('RECEIVED');
    expect(await queueDepth(backends.clients, resources.queueUrl)).toBe(0);

    const retry = await handler(event);

    expect(retry.statusCode).toBe(200);
    // Ingest writes nothing after the send: the record stays RECEIVED until the worker claims it.
    expect((await store.get(key))?.status).toBe('RECEIVED');
    expect(await drainQueue(backends.clients, resources.queueUrl)).toHaveLength(1);
  });

  it('stores the record with its hash, type, entity and the key that matched', async () => {
    const { handler, resources } = await harness();
    const body = pushBody('refs/heads/record');

    await handler(await githubDelivery('delivery-record', body));

    const store = new DynamoEventStore(backends.clients.dynamodb, resources.tableName);
    const stored = await store.get({ sourceId: SOURCE, idempotencyKey: 'delivery-record' });
    expect(stored).toMatchObject({
      eventId: 'github-acme:delivery-record',
      tenant: 'acme',
      eventType: 'push',
      entityId: 'acme/api',
      status: 'RECEIVED',
      attempts: 0,
      replayCount: 0,
      signingKey: 'current',
      payloadHash: '45ec9e44f00ca2ce85460e2a53cfb6ead859d312f98c2ce9e4c7826056552403',
    });
  });

  it('stores and queues nothing for any 4xx outcome', async () => {
    const { handler, resources } = await harness();
    const body = pushBody('refs/heads/main');
    const valid = await githubDelivery('delivery-4xx', body);
    const cases: Array<[number, ReturnType<typeof webhookEvent>]> = [
      [401, await githubDelivery('delivery-4xx', body, 'wrong-secret')],
      [401, { ...valid, headers: { ...valid.headers, 'X-Hub-Signature-256': '' } }],
      [404, webhookEvent('no-such-source', valid.headers as Record<string, string>, body)],
      [413, await githubDelivery('delivery-4xx', JSON.stringify({ pad: 'x'.repeat(4096) }))],
      [415, { ...valid, headers: { ...valid.headers, 'Content-Type': 'text/plain' } }],
      [400, await githubDelivery('delivery-4xx', 'not json')],
      [
        400,
        webhookEvent(
          SOURCE,
          { 'Content-Type': 'application/json', 'X-Hub-Signature-256': await sign(SECRET, body) },
          body,
        ),
      ],
    ];

    const codes = [];
    for (const [, event] of cases) codes.push((await handler(event)).statusCode);

    expect(codes).toEqual(cases.map(([code]) => code));
    expect(await countItems(backends.clients, resources.tableName)).toBe(0);
    expect(await queueDepth(backends.clients, resources.queueUrl)).toBe(0);
  });
});
