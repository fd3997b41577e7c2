import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DynamoEventStore } from '../../lambdas/shared/adapters/dynamo-event-store.js';
import { SqsEventQueue } from '../../lambdas/shared/adapters/sqs-event-queue.js';
import type { GatewayConfig } from '../../lambdas/shared/config/load.js';
import type { EventStatus, StoredEvent } from '../../lambdas/shared/domain/event.js';
import { deduplicationIdOf, groupIdOf } from '../../lambdas/shared/domain/ids.js';
import { decodeQueueMessage } from '../../lambdas/shared/domain/queue-message.js';
import { DynamoWatermarkStore } from '../../lambdas/worker/adapters/dynamo-watermark-store.js';
import { createWorkerHandler } from '../../lambdas/worker/create-handler.js';
import { buildWorkerDeps } from '../../lambdas/worker/deps.js';
import type { LocalResources } from '../../local/create-resources.js';
import { LocalEventSourceMapping } from '../../local/event-source-mapping.js';
import { type Backends, drainQueue, queueDepth, startBackends } from '../support/backends.js';
import { testConfig } from '../support/config.js';
import { type Invokable, invokable } from '../support/invoke.js';
import { storedEvent } from '../support/stored-event.js';

const SOURCE = 'shop-acme';
const JWT_SECRET_NAME = 'webhook-gateway/acme/forward-jwt';
const JWT_SECRET = 'forward-signing-secret-0123456789';
const TRACE_HEADER = 'Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1';

const forwardedSchema = z.object({
  eventId: z.string(),
  sourceId: z.string(),
  tenant: z.string(),
  eventType: z.string(),
  entityId: z.string(),
  receivedAt: z.string(),
  payload: z.record(z.string(), z.unknown()),
});
type Forwarded = z.infer<typeof forwardedSchema>;

interface Delivered {
  readonly headers: IncomingHttpHeaders;
  readonly event: Forwarded;
  readonly status: number;
}

/** The downstream: a real HTTP server on loopback answering with the status `respond` picks. */
class Receiver {
  readonly delivered: Delivered[] = [];
  respond: (event: Forwarded, nth: number) => number = () => 200;
  /** How long it takes to answer; the most requests it held at once. */
  answerAfterMs = 0;
  mostInFlight = 0;
  private inFlight = 0;
  private readonly server: Server;

  constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      this.inFlight += 1;
      this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const event = forwardedSchema.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        const nth = this.delivered.filter((d) => d.event.eventId === event.eventId).length + 1;
        const status = this.respond(event, nth);
        this.delivered.push({ headers: request.headers, event, status });
        setTimeout(() => {
          this.inFlight -= 1;
          response.writeHead(status).end();
        }, this.answerAfterMs);
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    return `http://127.0.0.1:${port}`;
  }

  reset(): void {
    this.delivered.length = 0;
    this.respond = () => 200;
    this.answerAfterMs = 0;
    this.mostInFlight = 0;
  }

  succeeded(): string[] {
    return this.delivered.filter((d) => d.status < 300).map((d) => d.event.eventId);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let backends: Backends;
let receiver: Receiver;
let origin: string;
let config: GatewayConfig;
/** Every ChangeMessageVisibility the SQS client sent: queue and seconds. */
const visibilityChanges: Array<{ queueUrl: string; seconds: number }> = [];

beforeAll(async () => {
  backends = await startBackends();
  receiver = new Receiver();
  origin = await receiver.start();
  config = testConfig(
    [
      {
        id: SOURCE,
        tenant: 'acme',
        scheme: 'hmac-sha256',
        entityId: 'body:order.id',
        occurredAt: 'body:created',
        actions: [
          { type: 'forward', url: `${origin}/hooks/orders`, jwtSecretName: JWT_SECRET_NAME, timeoutMs: 2000 },
        ],
      },
    ],
    // Short delays keep the real waiting of a retry test to a few seconds.
    { retry: { maxReceiveCount: 3, baseDelaySeconds: 1, maxDelaySeconds: 4 } },
  );
  backends.clients.sqs.middlewareStack.add(
    (next, context) => async (args) => {
      const { input } = args;
      if (context.commandName === ChangeMessageVisibilityCommand.name && 'VisibilityTimeout' in input) {
        visibilityChanges.push({ queueUrl: input.QueueUrl ?? '', seconds: input.VisibilityTimeout ?? -1 });
      }
      return next(args);
    },
    { step: 'initialize', name: 'recordVisibilityChanges' },
  );
});

afterAll(async () => {
  await receiver?.stop();
  await backends?.stop();
});

beforeEach(() => {
  receiver.reset();
});

afterEach(() => {
  visibilityChanges.length = 0;
});

interface Harness {
  readonly resources: LocalResources;
  readonly store: DynamoEventStore;
  readonly source: LocalEventSourceMapping;
  readonly handler: Invokable<SQSEvent, SQSBatchResponse>;
  readonly randomCalls: number[];
  enqueue(idempotencyKey: string, orderId: string, created?: number): Promise<StoredEvent>;
  record(idempotencyKey: string): Promise<StoredEvent | undefined>;
  status(idempotencyKey: string): Promise<EventStatus | undefined>;
}

/** Fresh table and queues, the worker built from a runtime context like the Lambda's, fixed jitter. */
async function harness(random: number): Promise<Harness> {
  const context = await backends.createContext(config, {
    read: async () => ({ current: { signingSecret: JWT_SECRET } }),
  });
  const { dynamodb, sqs } = backends.clients;
  const randomCalls: number[] = [];
  const handler = invokable(
    createWorkerHandler({
      ...buildWorkerDeps(context),
      random: () => {
        randomCalls.push(random);
        return random;
      },
    }),
  );
  const store = new DynamoEventStore(dynamodb, context.tableName);
  const queue = new SqsEventQueue(sqs, context.queueUrl);
  const record = (idempotencyKey: string) => store.get({ sourceId: SOURCE, idempotencyKey });
  return {
    resources: context,
    store,
    randomCalls,
    handler,
    source: await LocalEventSourceMapping.create(sqs, context.queueUrl, handler),
    // Stored then queued, as the ingest does.
    async enqueue(idempotencyKey, orderId, created) {
      const body = JSON.stringify({ type: 'order.updated', order: { id: orderId }, created });
      const event = storedEvent({
        sourceId: SOURCE,
        idempotencyKey,
        eventType: 'order.updated',
        entityId: orderId,
        receivedAt: new Date().toISOString(),
        ...(created === undefined ? {} : { occurredAt: new Date(created * 1000).toISOString() }),
        body: new TextEncoder().encode(body),
      });
      await store.putIfAbsent(event, Math.floor(Date.now() / 1000));
      await queue.send({
        eventId: event.eventId,
        sourceId: SOURCE,
        idempotencyKey,
        replayCount: 0,
        groupId: groupIdOf(SOURCE, orderId),
        deduplicationId: deduplicationIdOf(event),
        traceHeader: TRACE_HEADER,
      });
      await store.transition(event, ['RECEIVED'], 'QUEUED');
      return event;
    },
    record,
    status: async (idempotencyKey) => (await record(idempotencyKey))?.status,
  };
}

const visibilityOn = (queueUrl: string) =>
  visibilityChanges.filter((change) => change.queueUrl === queueUrl).map((change) => change.seconds);

describe('worker against DynamoDB and SQS emulators with a real downstream', () => {
  it('retries a 503 twice with growing jittered delays, then delivers exactly once', async () => {
    const h = await harness(0.99);
    receiver.respond = (_event, nth) => (nth <= 2 ? 503 : 200);
    await h.enqueue('evt-flaky', 'order-1');

    const deliveries = await h.source.runUntil(async () => (await h.status('evt-flaky')) === 'SUCCEEDED');

    expect(receiver.succeeded()).toEqual(['shop-acme:evt-flaky']);
    expect(receiver.delivered.map((d) => d.status)).toEqual([503, 503, 200]);
    expect(await h.record('evt-flaky')).toMatchObject({ status: 'SUCCEEDED', attempts: 3 });
    // Ceilings min(4, 1·2^(n-1)) = 1 s then 2 s; the injected random 0.99 draws the top of each.
    expect(h.randomCalls).toHaveLength(2);
    expect(visibilityOn(h.resources.queueUrl)).toEqual([1, 2]);
    const messageId = deliveries[0]?.event.Records[0]?.messageId;
    expect(deliveries.map((d) => d.response)).toEqual([
      { batchItemFailures: [{ itemIdentifier: messageId }] },
      { batchItemFailures: [{ itemIdentifier: messageId }] },
      { batchItemFailures: [] },
    ]);
    expect(deliveries.map((d) => d.event.Records[0]?.attributes.ApproximateReceiveCount)).toEqual([
      '1',
      '2',
      '3',
    ]);
    expect(await queueDepth(backends.clients, h.resources.queueUrl)).toBe(0);
  });

  it('dead-letters a 400 after one attempt while the other entity in the batch succeeds', async () => {
    const h = await harness(0.5);
    receiver.respond = (event) => (event.entityId === 'order-bad' ? 400 : 200);
    const bad = await h.enqueue('evt-bad', 'order-bad');
    await h.enqueue('evt-good', 'order-good');

    const delivery = await h.source.pollOnce();

    expect(delivery?.event.Records).toHaveLength(2);
    expect(delivery?.response).toEqual({ batchItemFailures: [] });
    expect(await h.store.get(bad)).toMatchObject({
      status: 'DEAD_LETTERED',
      attempts: 1,
      lastError: `forward to ${origin} answered 400`,
    });
    expect(await h.status('evt-good')).toBe('SUCCEEDED');
    expect(receiver.succeeded()).toEqual(['shop-acme:evt-good']);
    const dead = await drainQueue(backends.clients, h.resources.deadLetterQueueUrl);
    expect(dead.map((m) => [m.Attributes?.MessageGroupId, decodeQueueMessage(m.Body ?? '').eventId])).toEqual(
      [['shop-acme#order-bad', 'shop-acme:evt-bad']],
    );
    expect(dead[0]?.MessageAttributes?.TraceHeader?.StringValue).toBe(TRACE_HEADER);
    expect(await queueDepth(backends.clients, h.resources.queueUrl)).toBe(0);
    expect(visibilityOn(h.resources.queueUrl)).toEqual([]);
  });

  it('dead-letters an always-503 event on receive maxReceiveCount with the last error', async () => {
    const h = await harness(0);
    receiver.respond = () => 503;
    const event = await h.enqueue('evt-down', 'order-1');

    const deliveries = await h.source.runUntil(async () => (await h.status('evt-down')) === 'DEAD_LETTERED');

    expect(deliveries).toHaveLength(3);
    expect(receiver.delivered.map((d) => d.status)).toEqual([503, 503, 503]);
    expect(await h.store.get(event)).toMatchObject({
      status: 'DEAD_LETTERED',
      attempts: 3,
      lastError: `forward to ${origin} answered 503`,
    });
    const dead = await drainQueue(backends.clients, h.resources.deadLetterQueueUrl);
    expect(dead.map((m) => decodeQueueMessage(m.Body ?? '').eventId)).toEqual(['shop-acme:evt-down']);
    expect(deliveries.at(-1)?.response).toEqual({ batchItemFailures: [] });
    // The injected random 0 draws the bottom of each jittered range: retried at once.
    expect(visibilityOn(h.resources.queueUrl)).toEqual([0, 0]);
    expect(await queueDepth(backends.clients, h.resources.queueUrl)).toBe(0);
  });

  it('does not forward again when a succeeded message is delivered a second time', async () => {
    const h = await harness(0.5);
    await h.enqueue('evt-twice', 'order-1');
    const first = await h.source.receive();
    // Handled, but the delete never happens (a crash after the handler): SQS delivers it again.
    expect(first && (await h.handler(first))).toEqual({ batchItemFailures: [] });
    await backends.clients.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: h.resources.queueUrl,
        ReceiptHandle: first?.Records[0]?.receiptHandle,
        VisibilityTimeout: 0,
      }),
    );

    const again = await h.source.pollOnce();

    expect(again?.event.Records[0]?.attributes.ApproximateReceiveCount).toBe('2');
    expect(again?.response).toEqual({ batchItemFailures: [] });
    expect(receiver.delivered).toHaveLength(1);
    expect(await h.record('evt-twice')).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
    expect(await queueDepth(backends.clients, h.resources.queueUrl)).toBe(0);
  });

  it('forwards ten events of one entity in order and skips an older one as stale', async () => {
    const h = await harness(0.5);
    const keys = Array.from({ length: 10 }, (_, i) => `evt-seq-${i}`);
    for (const [i, key] of keys.entries()) await h.enqueue(key, 'order-7', 1_772_000_000 + i * 60);

    await h.source.runUntil(async () => (await h.status('evt-seq-9')) === 'SUCCEEDED');

    expect(receiver.succeeded()).toEqual(keys.map((key) => `shop-acme:${key}`));
    const watermarks = new DynamoWatermarkStore(backends.clients.dynamodb, h.resources.tableName);
    expect(await watermarks.get(SOURCE, 'order-7')).toBe('2026-02-25T06:22:20.000Z');

    // Created between the 3rd and 4th event: older than what was already applied.
    await h.enqueue('evt-late', 'order-7', 1_772_000_000 + 150);
    await h.source.runUntil(async () => (await h.status('evt-late')) === 'SKIPPED_STALE');

    expect(receiver.delivered).toHaveLength(10);
    expect(await h.record('evt-late')).toMatchObject({ status: 'SKIPPED_STALE', attempts: 0 });
    expect(await queueDepth(backends.clients, h.resources.queueUrl)).toBe(0);
  });

  it('waits on the downstream for the entities of a batch at the same time, each entity in order', async () => {
    const h = await harness(0.5);
    receiver.answerAfterMs = 200;
    for (const [key, order] of [
      ['evt-a1', 'order-a'],
      ['evt-a2', 'order-a'],
      ['evt-b1', 'order-b'],
      ['evt-c1', 'order-c'],
    ] as const)
      await h.enqueue(key, order);

    await h.source.runUntil(async () =>
      (await Promise.all(['evt-a2', 'evt-b1', 'evt-c1'].map(h.status))).every(
        (status) => status === 'SUCCEEDED',
      ),
    );

    expect(receiver.mostInFlight).toBeGreaterThan(1);
    const succeeded = receiver.succeeded();
    expect([...succeeded].sort()).toEqual(
      ['evt-a1', 'evt-a2', 'evt-b1', 'evt-c1'].map((key) => `shop-acme:${key}`),
    );
    expect(succeeded.indexOf('shop-acme:evt-a2')).toBeGreaterThan(succeeded.indexOf('shop-acme:evt-a1'));
  });

  it('sends a JWT that verifies with the configured secret and audience, and Idempotency-Key = eventId', async () => {
    const h = await harness(0.5);
    const event = await h.enqueue('evt-jwt', 'order-9');

    await h.source.runUntil(async () => (await h.status('evt-jwt')) === 'SUCCEEDED');

    const [delivered] = receiver.delivered;
    expect(delivered?.headers['idempotency-key']).toBe('shop-acme:evt-jwt');
    expect(delivered?.headers['content-type']).toBe('application/json');
    const token = (delivered?.headers.authorization ?? '').replace(/^Bearer /, '');
    const { payload } = await jwtVerify(token, new TextEncoder().encode(JWT_SECRET), {
      issuer: 'webhook-gateway',
      audience: origin,
      algorithms: ['HS256'],
    });
    expect(payload.jti).toBe('shop-acme:evt-jwt');
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBeLessThanOrEqual(300);
    expect(delivered?.event).toEqual({
      eventId: 'shop-acme:evt-jwt',
      sourceId: 'shop-acme',
      tenant: 'acme',
      eventType: 'order.updated',
      entityId: 'order-9',
      receivedAt: event.receivedAt,
      payload: { type: 'order.updated', order: { id: 'order-9' } },
    });
  });

  it('keeps an entity watermark from moving backwards', async () => {
    const { tableName } = await backends.createResources(config);
    const watermarks = new DynamoWatermarkStore(backends.clients.dynamodb, tableName);

    await watermarks.advance(SOURCE, 'order-1', '2026-03-01T10:00:00.000Z', 2_000_000_000);
    await watermarks.advance(SOURCE, 'order-1', '2026-03-01T09:00:00.000Z', 2_000_000_000);

    expect(await watermarks.get(SOURCE, 'order-1')).toBe('2026-03-01T10:00:00.000Z');
    expect(await watermarks.get(SOURCE, 'order-2')).toBeUndefined();
  });
});
