import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { EventStatus } from '../../../lambdas/shared/domain/event.js';
import { toRequeue } from '../../../local/requeue-unfinished.js';
import { headersFromRaw, matchRoute, type Route } from '../../../local/routes.js';
import { ensureSecretsFile } from '../../../local/secrets-file.js';
import { readLocalSettings } from '../../../local/settings.js';
import { messagesToDelete } from '../../../local/sqs-records.js';
import { testConfig } from '../../support/config.js';

const handler: Route['handler'] = async () => ({ statusCode: 200, body: '' });
const routes: Route[] = [
  { method: 'POST', resource: '/webhooks/{sourceId}', handler },
  { method: 'GET', resource: '/events/{sourceId}/{idempotencyKey}', handler },
];

describe('local routing', () => {
  it('matches a webhook path and hands over the URL-decoded parameter', () => {
    expect(matchRoute(routes, 'POST', '/webhooks/stripe-acme')?.pathParameters).toEqual({
      sourceId: 'stripe-acme',
    });
    expect(matchRoute(routes, 'GET', '/events/gh/a%2Fb')?.pathParameters).toEqual({
      sourceId: 'gh',
      idempotencyKey: 'a/b',
    });
  });

  it('matches nothing for a wrong method, an extra segment or an empty parameter', () => {
    expect(matchRoute(routes, 'GET', '/webhooks/stripe-acme')).toBeUndefined();
    expect(matchRoute(routes, 'POST', '/webhooks/a/b')).toBeUndefined();
    expect(matchRoute(routes, 'POST', '/webhooks/')).toBeUndefined();
  });

  it('keeps header names as the client sent them', () => {
    expect(headersFromRaw(['Stripe-Signature', 't=1', 'content-type', 'application/json'])).toEqual({
      'Stripe-Signature': 't=1',
      'content-type': 'application/json',
    });
  });
});

describe('local settings', () => {
  it('defaults to port 3000, on-disk state under .local and the local config', () => {
    const settings = readLocalSettings({}, '/work/app');

    expect(settings).toMatchObject({
      port: 3000,
      state: 'disk',
      configFile: '/work/app/local/gateway.config.local.json',
      secretsFile: '/work/app/.local/secrets.json',
      receiver: true,
    });
  });

  it('keeps no secrets path of its own in memory mode', () => {
    expect(readLocalSettings({ LOCAL_STATE: 'memory' }, '/work/app').secretsFile).toBeUndefined();
  });

  it('names a bad variable', () => {
    expect(() => readLocalSettings({ PORT: 'eighty' }, '/work/app')).toThrow(/PORT/);
  });
});

describe('local secrets file', () => {
  it('creates a secret for every source, forward key and tenant token, and keeps existing ones', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wg-secrets-')), 'secrets.json');
    writeFileSync(path, JSON.stringify({ 'webhook-gateway/acme/gh': { signingSecret: 'kept' } }));
    const config = testConfig([
      { id: 'gh', tenant: 'acme', scheme: 'github' },
      {
        id: 'wp',
        scheme: 'wordpress',
        actions: [{ type: 'forward', url: 'http://127.0.0.1:4000/x', jwtSecretName: 'jwt' }],
      },
    ]);

    const result = ensureSecretsFile(path, config, (size) => Buffer.alloc(size, 1));

    expect([...result.added].sort()).toEqual([
      'jwt',
      'webhook-gateway/acme/status',
      'webhook-gateway/default/status',
      'webhook-gateway/default/wp',
    ]);
    const written = JSON.parse(readFileSync(path, 'utf8'));
    expect(written['webhook-gateway/acme/gh']).toEqual({ signingSecret: 'kept' });
    expect(written['webhook-gateway/default/wp'].signingSecret).toBe('01'.repeat(32));
  });
});

describe('what the event source mapping deletes', () => {
  const records = ['a', 'b', 'c'].map(
    (messageId) => ({ messageId, receiptHandle: `r-${messageId}` }) as SQSRecord,
  );

  it('deletes every message on an empty failure list', () => {
    expect(messagesToDelete(records, { failed: false, response: { batchItemFailures: [] } })).toHaveLength(3);
  });

  it('keeps the reported failures', () => {
    const kept = messagesToDelete(records, {
      failed: false,
      response: { batchItemFailures: [{ itemIdentifier: 'b' }] },
    });
    expect(kept.map((record) => record.messageId)).toEqual(['a', 'c']);
  });

  it('treats an unknown identifier as a failure of the whole batch', () => {
    expect(
      messagesToDelete(records, {
        failed: false,
        response: { batchItemFailures: [{ itemIdentifier: 'zzz' }] },
      }),
    ).toEqual([]);
  });

  it('deletes nothing when the function threw', () => {
    expect(messagesToDelete(records, { failed: true })).toEqual([]);
  });
});

describe('what a restart puts back on the queue', () => {
  const unfinished = (sourceId: string, idempotencyKey: string, status: EventStatus, receivedAt: string) => ({
    eventId: `${sourceId}:${idempotencyKey}`,
    sourceId,
    idempotencyKey,
    entityId: 'e1',
    receivedAt,
    status,
    replayCount: 0,
  });

  it('requeues unfinished events oldest first, and leaves a paused source’s stored events stored', () => {
    const config = testConfig([
      { id: 'live', scheme: 'github' },
      { id: 'held', scheme: 'github', paused: true },
    ]);
    const events = [
      unfinished('live', 'b', 'QUEUED', '2026-03-01T10:02:00.000Z'),
      unfinished('held', 'stored', 'RECEIVED', '2026-03-01T10:00:00.000Z'),
      unfinished('held', 'in-flight', 'RETRYING', '2026-03-01T10:03:00.000Z'),
      unfinished('live', 'a', 'RECEIVED', '2026-03-01T10:01:00.000Z'),
    ];

    expect(toRequeue(events, config).map((event) => event.eventId)).toEqual([
      'live:a',
      'live:b',
      'held:in-flight',
    ]);
  });
});
