import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoEventStore } from '../../lambdas/shared/adapters/dynamo-event-store.js';
import { LAST_ERROR_MAX_LENGTH } from '../../lambdas/shared/domain/event.js';
import { PayloadTooLargeError } from '../../lambdas/shared/errors.js';
import type { EventStore } from '../../lambdas/shared/ports.js';
import { LOCAL_REGION, localCredentials } from '../../local/aws-clients.js';
import { createEventsTable } from '../../local/create-resources.js';
import { type DynamoEmulator, javaAvailable, startDynamoEmulator } from '../../local/dynamo-emulator.js';
import { MemoryEventStore } from '../support/memory/memory-event-store.js';
import { seedEvent } from '../support/seed-event.js';
import { storedEvent } from '../support/stored-event.js';

const NOW_MS = Date.parse('2026-03-01T12:00:00.000Z');
const NOW_S = NOW_MS / 1000;
const clock = () => NOW_MS;

/** A store under test, and how to make a fresh one (one table per test keeps them independent). */
interface Backend {
  readonly name: string;
  start(): Promise<void>;
  create(): Promise<EventStore>;
  stop(): Promise<void>;
}

function dynamoBackend(name: string, forceDynalite: boolean): Backend {
  let emulator: DynamoEmulator | undefined;
  let client: DynamoDBClient | undefined;
  return {
    name,
    async start() {
      emulator = await startDynamoEmulator({ forceDynalite });
      client = new DynamoDBClient({
        region: LOCAL_REGION,
        credentials: localCredentials,
        endpoint: emulator.endpoint,
      });
    },
    async create() {
      if (client === undefined) throw new Error('backend not started');
      const table = `contract-${randomUUID().slice(0, 8)}`;
      await createEventsTable(client, table);
      return new DynamoEventStore(client, table, { clock });
    },
    async stop() {
      client?.destroy();
      await emulator?.stop();
    },
  };
}

const BACKENDS: Backend[] = [
  {
    name: 'MemoryEventStore (unit tests and bench)',
    start: async () => undefined,
    create: async () => new MemoryEventStore(clock),
    stop: async () => undefined,
  },
  dynamoBackend('DynamoEventStore on dynalite', true),
  // Without Java the emulator falls back to dynalite: the case still runs, under that engine.
  dynamoBackend(
    javaAvailable() ? 'DynamoEventStore on DynamoDB Local' : 'DynamoEventStore (no Java: dynalite)',
    false,
  ),
];

describe.each(BACKENDS)('$name', (backend) => {
  let store: EventStore;
  beforeAll(() => backend.start(), 60_000);
  afterAll(() => backend.stop());
  const fresh = async () => {
    store = await backend.create();
    return store;
  };

  it('creates a record once and hands back the stored one, body byte for byte, on the second put', async () => {
    await fresh();
    const first = storedEvent({ idempotencyKey: 'a', body: new Uint8Array([0, 255, 10, 13]) });

    expect(await store.putIfAbsent(first, NOW_S)).toEqual({ created: true });
    const second = await store.putIfAbsent({ ...first, payloadHash: 'other' }, NOW_S);

    const { body: _body, ...record } = first;
    expect(second).toEqual({ created: false, existing: record });
    expect(await store.get(first)).toEqual(first);
  });

  it('hands back a duplicate with its current status', async () => {
    await fresh();
    const event = storedEvent({ idempotencyKey: 'moved' });
    await seedEvent(store, { ...event, status: 'SUCCEEDED', attempts: 1 }, NOW_S);

    const again = await store.putIfAbsent(event, NOW_S);

    expect(again).toMatchObject({ created: false, existing: { status: 'SUCCEEDED', attempts: 1 } });
  });

  it('replaces a record whose retention has passed but that TTL has not deleted yet, status and all', async () => {
    await fresh();
    const old = storedEvent({ idempotencyKey: 'old', receivedAt: '2026-01-01T00:00:00.000Z' });
    await seedEvent(store, { ...old, expiresAt: NOW_S + 10, status: 'SUCCEEDED', attempts: 2 }, NOW_S);
    const replacement = storedEvent({ idempotencyKey: 'old', payloadHash: 'new', expiresAt: NOW_S + 600 });

    // The put runs after the old event's retention: its items are still there, expired.
    expect(await store.putIfAbsent(replacement, NOW_S + 20)).toEqual({ created: true });
    expect(await store.get(replacement)).toEqual(replacement);
  });

  it('returns a large incompressible body exactly as stored, and undefined for an unknown key', async () => {
    await fresh();
    const event = storedEvent({ idempotencyKey: 'big', body: new Uint8Array(randomBytes(100_000)) });
    await store.putIfAbsent(event, NOW_S);

    expect(await store.get(event)).toEqual(event);
    expect(await store.get({ sourceId: 'shop-acme', idempotencyKey: 'missing' })).toBeUndefined();
  });

  it('refuses as too large a body whose stored form does not fit one item, and stores nothing', async () => {
    await fresh();
    const event = storedEvent({ idempotencyKey: 'huge', body: new Uint8Array(randomBytes(400 * 1024)) });

    await expect(store.putIfAbsent(event, NOW_S)).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(await store.get(event)).toBeUndefined();
  });

  it('stores a body just under the limit', async () => {
    await fresh();
    const event = storedEvent({ idempotencyKey: 'fits', body: new Uint8Array(randomBytes(395 * 1024)) });

    expect(await store.putIfAbsent(event, NOW_S)).toEqual({ created: true });
    expect((await store.get(event))?.body).toEqual(event.body);
  });

  it('moves a record only from the listed statuses and returns it after the change', async () => {
    await fresh();
    const event = { ...storedEvent({ idempotencyKey: 't' }), status: 'QUEUED' as const };
    await seedEvent(store, event, NOW_S);

    expect(await store.transition(event, ['RECEIVED'], 'PROCESSING')).toBeUndefined();
    const moved = await store.transition(event, ['RECEIVED', 'QUEUED'], 'PROCESSING', {
      incrementAttempts: true,
      incrementReplayCount: true,
    });

    const { body: _body, ...record } = event;
    expect(moved).toEqual({
      ...record,
      status: 'PROCESSING',
      attempts: 1,
      replayCount: 1,
      updatedAt: '2026-03-01T12:00:00.000Z',
    });
    const { body: _unstored, ...never } = storedEvent({ idempotencyKey: 'none', status: 'QUEUED' });
    expect(await store.transition(never, ['QUEUED'], 'PROCESSING')).toBe(undefined);
  });

  it(`keeps the first ${LAST_ERROR_MAX_LENGTH} characters of the last error`, async () => {
    await fresh();
    const event = storedEvent({ idempotencyKey: 'e', status: 'PROCESSING' });
    await seedEvent(store, event, NOW_S);

    await store.transition(event, ['PROCESSING'], 'RETRYING', { lastError: 'x'.repeat(5000) });

    expect((await store.get(event))?.lastError).toBe('x'.repeat(1000));
  });

  it('lists records needing attention of one source, oldest first, within the bounds and the limit', async () => {
    await fresh();
    const at = (minute: number) => `2026-03-01T11:${String(minute).padStart(2, '0')}:00.000Z`;
    const events = [
      storedEvent({ idempotencyKey: 'r3', status: 'RECEIVED', receivedAt: at(5) }),
      storedEvent({ idempotencyKey: 'r1', status: 'RECEIVED', receivedAt: at(1) }),
      storedEvent({ idempotencyKey: 'r2', status: 'RECEIVED', receivedAt: at(3) }),
      storedEvent({ idempotencyKey: 'd1', status: 'DEAD_LETTERED', receivedAt: at(2) }),
      storedEvent({ idempotencyKey: 'q1', status: 'QUEUED', receivedAt: at(4) }),
      storedEvent({ idempotencyKey: 'o1', status: 'RECEIVED', receivedAt: at(1), sourceId: 'other' }),
    ];
    for (const event of events) await seedEvent(store, event, NOW_S);

    const page = async (query: Parameters<EventStore['listNeedingAttention']>[0]) => {
      const { records, ...rest } = await store.listNeedingAttention(query);
      return { keys: records.map((record) => record.idempotencyKey), ...rest };
    };

    expect(await page({ status: 'RECEIVED', sourceId: 'shop-acme', limit: 10 })).toEqual({
      keys: ['r1', 'r2', 'r3'],
      scannedThrough: at(5),
      more: false,
    });
    // The limit counts arrivals read: the page says how far it got, for the next query to go on.
    expect(await page({ status: 'RECEIVED', sourceId: 'shop-acme', limit: 2 })).toEqual({
      keys: ['r1'],
      scannedThrough: at(2),
      more: true,
    });
    expect(
      await page({
        status: 'RECEIVED',
        sourceId: 'shop-acme',
        receivedAfter: at(3),
        receivedBefore: at(5),
        limit: 10,
      }),
    ).toMatchObject({ keys: ['r2', 'r3'], more: false });
    expect(await page({ status: 'DEAD_LETTERED', sourceId: 'shop-acme', limit: 10 })).toMatchObject({
      keys: ['d1'],
    });
    expect(await page({ status: 'RECEIVED', sourceId: 'nobody', limit: 10 })).toEqual({
      keys: [],
      more: false,
    });
  });

  it('drops a record from the attention list when it leaves RECEIVED, and lists it without its body', async () => {
    await fresh();
    const queued = storedEvent({ idempotencyKey: 'leaves', status: 'RECEIVED' });
    const waiting = storedEvent({ idempotencyKey: 'stays', status: 'RECEIVED' });
    await store.putIfAbsent(queued, NOW_S);
    await store.putIfAbsent(waiting, NOW_S);

    await store.transition(queued, ['RECEIVED'], 'QUEUED');
    const listed = await store.listNeedingAttention({ status: 'RECEIVED', sourceId: 'shop-acme', limit: 10 });

    expect(listed.records.map((record) => record.idempotencyKey)).toEqual(['stays']);
    expect(listed.records[0]).not.toHaveProperty('body');
  });
});
