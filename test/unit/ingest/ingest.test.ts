import { Metrics } from '@aws-lambda-powertools/metrics';
import { sign } from '@octokit/webhooks-methods';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackpressureGuard } from '../../../lambdas/ingest/backpressure.js';
import { createIngestHandler } from '../../../lambdas/ingest/create-handler.js';
import type { IngestDeps } from '../../../lambdas/ingest/ingest.js';
import { SecretCache } from '../../../lambdas/shared/domain/secret-cache.js';
import type { SecretVersions } from '../../../lambdas/shared/ports.js';
import { testConfig } from '../../support/config.js';
import { CountingSecrets } from '../../support/counting-secrets.js';
import { invokable } from '../../support/invoke.js';
import { MemoryEventQueue } from '../../support/memory/memory-event-queue.js';
import { MemoryEventStore } from '../../support/memory/memory-event-store.js';
import { MemorySourceLag } from '../../support/memory/memory-source-lag.js';
import { webhookEvent } from '../../support/webhook-request.js';

const ROTATED_AT = Date.parse('2026-03-01T00:00:00Z');
const HOUR = 3_600_000;

function setup(options: { now: number; secrets?: SecretVersions; lag?: MemorySourceLag }) {
  const config = testConfig([{ id: 'gh', scheme: 'github', rotationWindowHours: 72 }], {
    api: { maxQueueAgeSeconds: 600 },
  });
  const clock = () => options.now;
  const source = new CountingSecrets(
    options.secrets ?? {
      current: { signingSecret: 'new-key' },
      previous: { signingSecret: 'old-key' },
      rotatedAt: ROTATED_AT,
    },
  );
  const store = new MemoryEventStore(clock);
  const queue = new MemoryEventQueue();
  const deps: IngestDeps = {
    config,
    store,
    queue,
    secrets: new SecretCache(source, clock),
    clock,
    ...(options.lag === undefined ? {} : { backpressure: new BackpressureGuard(options.lag, clock) }),
  };
  return { handler: invokable(createIngestHandler(deps)), store, queue, source };
}

async function delivery(id: string, secret: string, body = '{"zen":"Keep it logically awesome."}') {
  return webhookEvent(
    'gh',
    {
      'content-type': 'application/json',
      'x-github-delivery': id,
      'x-github-event': 'ping',
      'x-hub-signature-256': await sign(secret, body),
    },
    body,
  );
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('key rotation', () => {
  it('accepts the previous key inside the rotation window and records it', async () => {
    const { handler, store } = setup({ now: ROTATED_AT + 71 * HOUR });

    const response = await handler(await delivery('d-1', 'old-key'));

    expect(response.statusCode).toBe(202);
    expect((await store.get({ sourceId: 'gh', idempotencyKey: 'd-1' }))?.signingKey).toBe('previous');
  });

  it('rejects the previous key once the window has passed', async () => {
    const { handler, store } = setup({ now: ROTATED_AT + 73 * HOUR });

    const response = await handler(await delivery('d-2', 'old-key'));

    expect(response.statusCode).toBe(401);
    expect(store.items.size).toBe(0);
  });

  /** Every EMF blob the handler publishes: metric names, dimension sets, and the values of `key`/`reason`. */
  function capturePublished() {
    const published: Array<{
      metrics: string[];
      dimensionSets: string[][];
      key?: unknown;
      reason?: unknown;
    }> = [];
    vi.spyOn(Metrics.prototype, 'publishStoredMetrics').mockImplementation(function (this: Metrics) {
      const emf = this.serializeMetrics();
      const [group] = emf._aws.CloudWatchMetrics;
      const extra = Object.fromEntries(
        ['key', 'reason']
          .filter((name) => Reflect.has(emf, name))
          .map((name) => [name, Reflect.get(emf, name)]),
      );
      published.push({
        metrics: (group?.Metrics ?? []).map((metric) => metric.Name),
        dimensionSets: group?.Dimensions ?? [],
        ...extra,
      });
      this.clearMetrics();
      this.clearDimensions();
      return this;
    });
    return published;
  }

  it('publishes one EMF line per delivery: Accepted and SignatureVerified, by service and by key', async () => {
    const { handler } = setup({ now: ROTATED_AT + HOUR });
    const published = capturePublished();

    await handler(await delivery('d-3', 'new-key'));
    await handler(await delivery('d-4', 'old-key'));

    expect(published).toEqual([
      {
        metrics: ['Accepted', 'SignatureVerified'],
        dimensionSets: [['service'], ['service', 'key']],
        key: 'current',
      },
      {
        metrics: ['Accepted', 'SignatureVerified'],
        dimensionSets: [['service'], ['service', 'key']],
        key: 'previous',
      },
    ]);
  });

  it('publishes one EMF line per rejection: Rejected, by service and by reason', async () => {
    const { handler } = setup({ now: ROTATED_AT + HOUR });
    const published = capturePublished();

    await handler(await delivery('d-5', 'wrong-key'));

    expect(published).toEqual([
      { metrics: ['Rejected'], dimensionSets: [['service'], ['service', 'reason']], reason: 'signature' },
    ]);
  });

  it('re-reads the secret once on a miss, so a key rotated since caching is accepted', async () => {
    const options = { now: ROTATED_AT, secrets: { current: { signingSecret: 'before' } } };
    const { handler, source } = setup(options);
    await handler(await delivery('d-5', 'before'));
    source.versions = { current: { signingSecret: 'after' } };
    options.now += 30_000; // past the refresh rate limit, well inside the five-minute cache

    const response = await handler(await delivery('d-6', 'after'));

    expect(response.statusCode).toBe(202);
  });

  it('answers 401 with a generic body that does not say why', async () => {
    const { handler } = setup({ now: ROTATED_AT });

    const response = await handler(await delivery('d-7', 'wrong'));

    expect(JSON.parse(response.body)).toEqual({ status: 'error', error: 'invalid signature' });
  });
});

describe('backpressure', () => {
  it('answers 429 with Retry-After while the worker is behind on the source, reading the mark once', async () => {
    const lag = new MemorySourceLag();
    await lag.markBehind('gh', ROTATED_AT + 45_000);
    const { handler, store, queue } = setup({ now: ROTATED_AT, lag });

    const responses = [];
    for (let i = 0; i < 20; i += 1) responses.push(await handler(await delivery(`bp-${i}`, 'new-key')));

    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(429));
    expect(responses[0]?.headers?.['retry-after']).toBe('45');
    expect(lag.reads).toBe(1);
    expect(store.items.size).toBe(0);
    expect(queue.sent).toHaveLength(0);
  });

  it('accepts normally once the mark has passed, still reading it once', async () => {
    const lag = new MemorySourceLag();
    await lag.markBehind('gh', ROTATED_AT - 1);
    const { handler, queue } = setup({ now: ROTATED_AT, lag });

    const codes = [];
    for (let i = 0; i < 20; i += 1)
      codes.push((await handler(await delivery(`ok-${i}`, 'new-key'))).statusCode);

    expect(codes).toEqual(Array(20).fill(202));
    expect(lag.reads).toBe(1);
    expect(queue.sent).toHaveLength(20);
  });

  it('accepts a source the worker is not behind on while another one is', async () => {
    const lag = new MemorySourceLag();
    await lag.markBehind('other-source', ROTATED_AT + 60_000);
    const { handler } = setup({ now: ROTATED_AT, lag });

    expect((await handler(await delivery('mine', 'new-key'))).statusCode).toBe(202);
  });
});

describe('paused source', () => {
  it('stores the event as RECEIVED and queues nothing, answering 202', async () => {
    const now = ROTATED_AT;
    const config = testConfig([{ id: 'gh', scheme: 'github', paused: true }]);
    const store = new MemoryEventStore(() => now);
    const queue = new MemoryEventQueue();
    const source = new CountingSecrets({ current: { signingSecret: 'new-key' } });
    const handler = invokable(
      createIngestHandler({
        config,
        store,
        queue,
        secrets: new SecretCache(source, () => now),
        clock: () => now,
      }),
    );

    const first = await handler(await delivery('p-1', 'new-key'));
    const retry = await handler(await delivery('p-1', 'new-key'));

    expect([first.statusCode, retry.statusCode]).toEqual([202, 200]);
    expect((await store.get({ sourceId: 'gh', idempotencyKey: 'p-1' }))?.status).toBe('RECEIVED');
    expect(queue.sent).toEqual([]);
  });
});

describe('envelope checks', () => {
  it('accepts a content type with parameters and any case', async () => {
    const { handler } = setup({ now: ROTATED_AT });
    const event = await delivery('ct-1', 'new-key');

    const response = await handler({
      ...event,
      headers: { ...event.headers, 'content-type': 'Application/JSON; charset=utf-8' },
    });

    expect(response.statusCode).toBe(202);
  });

  it('verifies the exact bytes, including ones that are not valid UTF-8 text', async () => {
    const { handler } = setup({ now: ROTATED_AT });
    const body = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);
    const { createHmac } = await import('node:crypto');
    const signature = `sha256=${createHmac('sha256', 'new-key').update(body).digest('hex')}`;

    const response = await handler(
      webhookEvent(
        'gh',
        {
          'content-type': 'application/json',
          'x-github-delivery': 'bin-1',
          'x-hub-signature-256': signature,
        },
        body,
      ),
    );

    // The signature matches the raw bytes; the body is then unusable because it is not UTF-8 JSON.
    expect(response.statusCode).toBe(400);
  });
});
