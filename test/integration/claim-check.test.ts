import { randomBytes } from 'node:crypto';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoEventStore, MAX_ITEM_BYTES } from '../../lambdas/shared/adapters/dynamo-event-store.js';
import { eventPk } from '../../lambdas/shared/adapters/event-items.js';
import { S3BodyStore } from '../../lambdas/shared/adapters/s3-body-store.js';
import { DependencyError } from '../../lambdas/shared/errors.js';
import type { BodyStore } from '../../lambdas/shared/ports.js';
import { type Backends, startBackends } from '../support/backends.js';
import { testConfig } from '../support/config.js';
import { storedEvent } from '../support/stored-event.js';

const NOW_S = Math.floor(Date.now() / 1000);
const MiB = 1024 * 1024;

let backends: Backends;

beforeAll(async () => {
  backends = await startBackends();
}, 60_000);

afterAll(() => backends?.stop());

/** A fresh table and bucket, and the store the functions build on them. */
async function harness(bodies?: (real: BodyStore) => BodyStore) {
  const resources = await backends.createResources(testConfig([{ id: 'shop-acme', scheme: 'github' }]));
  const real = new S3BodyStore(backends.clients.s3, resources.bodyBucket);
  const store = new DynamoEventStore(backends.clients.dynamodb, resources.tableName, {
    bodies: bodies === undefined ? real : bodies(real),
    offloadAboveBytes: 64 * 1024,
  });
  const objects = async () =>
    (
      await backends.clients.s3.send(new ListObjectsV2Command({ Bucket: resources.bodyBucket }))
    ).Contents?.map((object) => ({ key: object.Key, size: object.Size })) ?? [];
  const rawItem = async (key: Parameters<typeof eventPk>[0]) =>
    (
      await backends.clients.dynamodb.send(
        new GetItemCommand({ TableName: resources.tableName, Key: { pk: { S: eventPk(key) } } }),
      )
    ).Item;
  return { store, objects, rawItem };
}

describe('bodies too big for the event item (claim-check on S3)', () => {
  it('keeps a 3 MiB body in S3, the item holding only its key, and reads it back byte for byte', async () => {
    const { store, objects, rawItem } = await harness();
    const event = storedEvent({ idempotencyKey: 'large', body: new Uint8Array(randomBytes(3 * MiB)) });

    expect(await store.putIfAbsent(event, NOW_S)).toEqual({ created: true });

    const [object] = await objects();
    expect(object?.key).toMatch(/^bodies\/shop-acme\/[0-9a-f]{64}\/hash$/);
    const item = await rawItem(event);
    expect(item?.body).toBeUndefined();
    expect(item?.bodyKey?.S).toBe(object?.key);
    expect(JSON.stringify(item).length).toBeLessThan(1024);
    const read = await store.get(event);
    expect(Buffer.from(read?.body ?? []).equals(Buffer.from(event.body))).toBe(true);
  });

  it('keeps a small body in the item and writes nothing to S3', async () => {
    const { store, objects, rawItem } = await harness();
    const event = storedEvent({ idempotencyKey: 'small', body: new Uint8Array(randomBytes(1024)) });

    await store.putIfAbsent(event, NOW_S);

    expect(await objects()).toEqual([]);
    expect((await rawItem(event))?.body?.B).toHaveLength(1024);
    expect((await store.get(event))?.body).toEqual(event.body);
  });

  it('stores a compressible body above the threshold gzipped in S3 and returns the original bytes', async () => {
    const { store, objects } = await harness();
    const text = JSON.stringify({ rows: Array.from({ length: 60_000 }, (_, row) => ({ row, ok: true })) });
    const event = storedEvent({ idempotencyKey: 'text', body: new TextEncoder().encode(text) });

    await store.putIfAbsent(event, NOW_S);

    const [object] = await objects();
    expect(object?.size).toBeLessThan(event.body.byteLength / 4);
    expect(new TextDecoder().decode((await store.get(event))?.body)).toBe(text);
  });

  it('keeps the stored body when a conflicting delivery (same key, other bytes) arrives', async () => {
    const { store, objects } = await harness();
    const first = storedEvent({
      idempotencyKey: 'k',
      payloadHash: 'first',
      body: new Uint8Array(randomBytes(MiB)),
    });
    const other = { ...first, payloadHash: 'other', body: new Uint8Array(randomBytes(MiB)) };

    await store.putIfAbsent(first, NOW_S);
    const again = await store.putIfAbsent(other, NOW_S);

    expect(again).toMatchObject({ created: false, existing: { payloadHash: 'first' } });
    expect(Buffer.from((await store.get(first))?.body ?? []).equals(Buffer.from(first.body))).toBe(true);
    // The other delivery's object is left for the bucket's expiry rule: nothing points at it.
    expect((await objects()).map((object) => object.key?.split('/').at(-1)).sort()).toEqual([
      'first',
      'other',
    ]);
  });

  it('stores no record when the body cannot be written, so nothing points at a missing body', async () => {
    const { store, rawItem } = await harness((real) => ({
      put: async () => {
        throw new DependencyError('S3 PutObject failed');
      },
      get: (key) => real.get(key),
    }));
    const event = storedEvent({ idempotencyKey: 'lost', body: new Uint8Array(randomBytes(MiB)) });

    await expect(store.putIfAbsent(event, NOW_S)).rejects.toBeInstanceOf(DependencyError);
    expect(await rawItem(event)).toBeUndefined();
  });

  it('without a body store, still refuses what does not fit one item', async () => {
    const resources = await backends.createResources(testConfig([{ id: 'shop-acme', scheme: 'github' }]));
    const store = new DynamoEventStore(backends.clients.dynamodb, resources.tableName);
    const event = storedEvent({ idempotencyKey: 'no-s3', body: new Uint8Array(randomBytes(MAX_ITEM_BYTES)) });

    await expect(store.putIfAbsent(event, NOW_S)).rejects.toThrow('does not fit one item');
  });
});
