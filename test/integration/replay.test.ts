import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REDRIVEN_ERROR } from '../../lambdas/replay/from-dead-letters.js';
import type { GatewayConfig } from '../../lambdas/shared/config/load.js';
import type { EventStatus, StoredEvent } from '../../lambdas/shared/domain/event.js';
import { groupIdOf } from '../../lambdas/shared/domain/ids.js';
import { decodeQueueMessage, encodeQueueMessage } from '../../lambdas/shared/domain/queue-message.js';
import type { Delivery } from '../../local/event-source-mapping.js';
import { type Backends, queueDepth, startBackends } from '../support/backends.js';
import { testConfig } from '../support/config.js';
import { type ReplayStack, replayStack } from '../support/replay-stack.js';
import { seedEvent } from '../support/seed-event.js';
import { storedEvent } from '../support/stored-event.js';

const SOURCES = ['shop', 'billing', 'crm'] as const;
const ENTITIES = ['e1', 'e2', 'e3', 'e4', 'e5'] as const;
/** Events per entity, the same for every source: 10 a source, 30 in all. */
const EVENTS_PER_ENTITY = { e1: 1, e2: 2, e3: 2, e4: 2, e5: 3 } as const;
const T0 = Date.parse('2026-03-01T10:00:00.000Z');

let backends: Backends;
let config: GatewayConfig;
/** Event ids whose SendMessage to the main queue fails. */
const failingSends = new Set<string>();

beforeAll(async () => {
  backends = await startBackends();
  config = testConfig(
    SOURCES.map((id) => ({ id, tenant: 'acme', scheme: 'hmac-sha256', entityId: 'body:entity' })),
  );
  backends.clients.sqs.middlewareStack.add(
    (next, context) => async (args) => {
      const { input } = args;
      if (
        context.commandName === SendMessageCommand.name &&
        'MessageBody' in input &&
        typeof input.MessageBody === 'string' &&
        'QueueUrl' in input &&
        typeof input.QueueUrl === 'string' &&
        !input.QueueUrl.includes('dlq') &&
        failingSends.has(decodeQueueMessage(input.MessageBody).eventId)
      ) {
        throw new Error('SQS is down');
      }
      return next(args);
    },
    { step: 'initialize', name: 'failChosenSends' },
  );
});

afterAll(async () => {
  await backends?.stop();
});

afterEach(() => {
  failingSends.clear();
});

interface Harness extends ReplayStack {
  /** Stores the record as DEAD_LETTERED and puts its message in the DLQ, as the worker does. */
  deadLetter(
    sourceId: string,
    idempotencyKey: string,
    entityId: string,
    receivedAt: string,
  ): Promise<StoredEvent>;
  status(eventId: string): Promise<EventStatus | undefined>;
}

async function harness(): Promise<Harness> {
  const stack = await replayStack(backends, config);
  const { store, resources } = stack;
  return {
    ...stack,
    async deadLetter(sourceId, idempotencyKey, entityId, receivedAt) {
      const event = storedEvent({
        sourceId,
        idempotencyKey,
        entityId,
        receivedAt,
        status: 'DEAD_LETTERED',
        attempts: 3,
        lastError: 'downstream answered 400',
        body: new TextEncoder().encode(JSON.stringify({ entity: entityId })),
      });
      await seedEvent(store, event, Math.floor(Date.now() / 1000));
      await backends.clients.sqs.send(
        new SendMessageCommand({
          QueueUrl: resources.deadLetterQueueUrl,
          MessageBody: encodeQueueMessage(event),
          MessageGroupId: groupIdOf(sourceId, entityId),
          MessageDeduplicationId: `${event.eventId}#dlq`,
        }),
      );
      return event;
    },
    status: async (eventId) => {
      const split = eventId.indexOf(':');
      return (
        await store.get({ sourceId: eventId.slice(0, split), idempotencyKey: eventId.slice(split + 1) })
      )?.status;
    },
  };
}

/** 30 events over 3 sources × 5 entities, arriving interleaved; returns the event ids per group in order. */
async function thirtyDeadLetters(h: Harness): Promise<Record<string, string[]>> {
  const groups: Record<string, string[]> = {};
  let n = 0;
  for (let round = 0; round < 3; round += 1) {
    for (const sourceId of SOURCES) {
      for (const entityId of ENTITIES) {
        if (EVENTS_PER_ENTITY[entityId] <= round) continue;
        n += 1;
        const event = await h.deadLetter(
          sourceId,
          `evt-${n}`,
          entityId,
          new Date(T0 + n * 1000).toISOString(),
        );
        const groupId = groupIdOf(sourceId, entityId);
        groups[groupId] = [...(groups[groupId] ?? []), event.eventId];
      }
    }
  }
  return groups;
}

/** Empties the DLQ (receive + delete, one group head at a time) and returns its event ids per group in order. */
async function takeDeadLetters(h: Harness): Promise<Record<string, string[]>> {
  const groups: Record<string, string[]> = {};
  for (;;) {
    const { Messages } = await backends.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: h.resources.deadLetterQueueUrl,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['MessageGroupId'],
      }),
    );
    if (Messages === undefined || Messages.length === 0) return groups;
    for (const message of Messages) {
      const groupId = message.Attributes?.MessageGroupId ?? '';
      groups[groupId] = [...(groups[groupId] ?? []), decodeQueueMessage(message.Body ?? '').eventId];
      await backends.clients.sqs.send(
        new DeleteMessageCommand({
          QueueUrl: h.resources.deadLetterQueueUrl,
          ReceiptHandle: message.ReceiptHandle,
        }),
      );
    }
  }
}

/** Event ids the worker handled successfully, in the order it handled them. */
function processedInOrder(deliveries: readonly Delivery[]): string[] {
  return deliveries.flatMap(({ event, response }) => {
    const failed = new Set(response?.batchItemFailures.map((failure) => failure.itemIdentifier));
    return event.Records.filter((record) => response !== undefined && !failed.has(record.messageId)).map(
      (record) => decodeQueueMessage(record.body).eventId,
    );
  });
}

const countsOf = (groups: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(groups).map(([groupId, ids]) => [groupId, ids.length]));

describe('replay against DynamoDB and SQS emulators', () => {
  it('dry run reports exact counts per group and changes neither the DLQ nor any status', async () => {
    const h = await harness();
    const groups = await thirtyDeadLetters(h);

    const report = await h.replay({ dryRun: true });

    expect(report).toMatchObject({
      dryRun: true,
      examined: 30,
      matched: 30,
      requeued: 0,
      skipped: 0,
      failed: 0,
      stoppedEarly: false,
    });
    expect(report.byGroup).toEqual({
      'shop#e1': 1,
      'shop#e2': 2,
      'shop#e3': 2,
      'shop#e4': 2,
      'shop#e5': 3,
      'billing#e1': 1,
      'billing#e2': 2,
      'billing#e3': 2,
      'billing#e4': 2,
      'billing#e5': 3,
      'crm#e1': 1,
      'crm#e2': 2,
      'crm#e3': 2,
      'crm#e4': 2,
      'crm#e5': 3,
    });
    expect(report.sample).toHaveLength(10);
    expect(await queueDepth(backends.clients, h.resources.deadLetterQueueUrl)).toBe(30);
    expect(await queueDepth(backends.clients, h.resources.queueUrl)).toBe(0);
    const statuses = await Promise.all(
      Object.values(groups)
        .flat()
        .map((eventId) => h.status(eventId)),
    );
    expect(new Set(statuses)).toEqual(new Set(['DEAD_LETTERED']));
    expect(await takeDeadLetters(h)).toEqual(groups);
  });

  it('requeues one source: only its events leave the DLQ and each is processed once, in order per entity', async () => {
    const h = await harness();
    const groups = await thirtyDeadLetters(h);
    const shopGroups = Object.fromEntries(
      Object.entries(groups).filter(([groupId]) => groupId.startsWith('shop#')),
    );
    const shopIds = Object.values(shopGroups).flat();

    const report = await h.replay({ dryRun: false, filter: { sourceId: 'shop' } });

    expect(report).toMatchObject({ dryRun: false, matched: 10, requeued: 10, failed: 0 });
    expect(report.byGroup).toEqual(countsOf(shopGroups));
    expect(await queueDepth(backends.clients, h.resources.deadLetterQueueUrl)).toBe(20);

    const deliveries = await h.worker.runUntil(async () =>
      (await Promise.all(shopIds.map((eventId) => h.status(eventId)))).every(
        (status) => status === 'SUCCEEDED',
      ),
    );

    const processed = processedInOrder(deliveries);
    expect([...processed].sort()).toEqual([...shopIds].sort());
    for (const [groupId, ids] of Object.entries(shopGroups)) {
      const entityId = groupId.split('#')[1] ?? '';
      const entityOrder = processed.filter((eventId) => groups[`shop#${entityId}`]?.includes(eventId));
      expect(entityOrder).toEqual(ids);
    }
    for (const eventId of shopIds) {
      const split = eventId.indexOf(':');
      expect(
        await h.store.get({ sourceId: eventId.slice(0, split), idempotencyKey: eventId.slice(split + 1) }),
      ).toMatchObject({ status: 'SUCCEEDED', attempts: 4, replayCount: 1 });
    }
    expect(await queueDepth(backends.clients, h.resources.queueUrl)).toBe(0);
    const left = await takeDeadLetters(h);
    expect(left).toEqual(
      Object.fromEntries(Object.entries(groups).filter(([groupId]) => !groupId.startsWith('shop#'))),
    );
  });

  it('paces 20 requeues at 5 per second over at least 3.5 seconds', async () => {
    const h = await harness();
    for (let i = 0; i < 20; i += 1) {
      await h.deadLetter('crm', `paced-${i}`, `contact-${i}`, new Date(T0 + i * 1000).toISOString());
    }

    const started = Date.now();
    const report = await h.replay({ from: 'store', dryRun: false, ratePerSecond: 5 });
    const elapsed = Date.now() - started;

    expect(report.requeued).toBe(20);
    expect(elapsed).toBeGreaterThanOrEqual(3500);
  });

  it('leaves a message whose send failed in the DLQ, in order, for the next run to requeue', async () => {
    const h = await harness();
    for (let i = 1; i <= 3; i += 1) {
      await h.deadLetter('billing', `inv-event-${i}`, 'inv-1', new Date(T0 + i * 1000).toISOString());
    }
    failingSends.add('billing:inv-event-2');

    const report = await h.replay({ dryRun: false });

    expect(report).toMatchObject({ matched: 2, requeued: 1, failed: 1, byGroup: { 'billing#inv-1': 1 } });
    expect(await h.store.get({ sourceId: 'billing', idempotencyKey: 'inv-event-2' })).toMatchObject({
      status: 'DEAD_LETTERED',
      lastError: 'requeue failed: SQS SendMessage to the main queue failed',
    });
    expect(await queueDepth(backends.clients, h.resources.deadLetterQueueUrl)).toBe(2);

    failingSends.clear();
    const again = await h.replay({ dryRun: false });

    expect(again).toMatchObject({ requeued: 2, failed: 0 });
    expect(await queueDepth(backends.clients, h.resources.deadLetterQueueUrl)).toBe(0);
    const onMainQueue = await h.worker.runUntil(
      async () => (await h.status('billing:inv-event-3')) === 'SUCCEEDED',
    );
    expect(processedInOrder(onMainQueue)).toEqual([
      'billing:inv-event-1',
      'billing:inv-event-2',
      'billing:inv-event-3',
    ]);
  });

  it('marks DEAD_LETTERED a record whose message the redrive policy moved after a receive that never finished', async () => {
    const h = await harness();
    const event = await h.deadLetter('shop', 'crashed', 'order-9', new Date(T0).toISOString());
    // Instead of the DLQ, the event's only copy sits on the main queue while its record says PROCESSING.
    await backends.clients.sqs.send(
      new DeleteMessageCommand({
        QueueUrl: h.resources.deadLetterQueueUrl,
        ReceiptHandle: (await receiveOne(h.resources.deadLetterQueueUrl)) ?? '',
      }),
    );
    await h.store.transition(event, ['DEAD_LETTERED'], 'PROCESSING');
    await h.queue.send({
      eventId: event.eventId,
      sourceId: 'shop',
      idempotencyKey: 'crashed',
      replayCount: 0,
      groupId: groupIdOf('shop', 'order-9'),
      deduplicationId: 'crashed-0',
    });
    // Every receive dies before the batch response (as a timeout would); then SQS moves it on.
    for (let receive = 0; receive <= config.retry.maxReceiveCount; receive += 1) {
      await receiveOne(h.resources.queueUrl, 0);
    }
    expect(await queueDepth(backends.clients, h.resources.deadLetterQueueUrl)).toBe(1);

    const report = await h.replay({ dryRun: true });

    expect(report).toMatchObject({ examined: 1, matched: 1 });
    expect(await h.store.get(event)).toMatchObject({ status: 'DEAD_LETTERED', lastError: REDRIVEN_ERROR });
    const fromStore = await h.replay({ from: 'store', dryRun: true, filter: { sourceId: 'shop' } });
    expect(fromStore).toMatchObject({ matched: 1, byGroup: { 'shop#order-9': 1 } });
  });
});

/** One ReceiveMessage of at most one message, hidden for `visibilitySeconds`; its receipt handle. */
async function receiveOne(queueUrl: string, visibilitySeconds = 30): Promise<string | undefined> {
  const { Messages } = await backends.clients.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 1,
      VisibilityTimeout: visibilitySeconds,
    }),
  );
  return Messages?.[0]?.ReceiptHandle;
}
