import { gzipSync } from 'node:zlib';
import { type AttributeValue, DynamoDBClient, type ServiceInputTypes } from '@aws-sdk/client-dynamodb';
import { ingest } from '../lambdas/ingest/ingest.js';
import { signRequest } from '../lambdas/ingest/signatures/index.js';
import { DynamoEventStore } from '../lambdas/shared/adapters/dynamo-event-store.js';
import { parseConfig } from '../lambdas/shared/config/validate.js';
import type { EventStatus } from '../lambdas/shared/domain/event.js';
import { SecretCache } from '../lambdas/shared/domain/secret-cache.js';
import { systemClock } from '../lambdas/shared/ports.js';
import { TABLE } from '../lambdas/shared/resources.js';
import { MemoryEventQueue } from '../test/support/memory/memory-event-queue.js';
import { githubPushBody } from './support/payload.js';
import { StaticSecretSource } from './support/static-secrets.js';

type Item = Record<string, AttributeValue>;

interface Captured {
  readonly command: string;
  readonly input: ServiceInputTypes;
}

/** A real DynamoDB client whose requests stop after marshalling: we keep what would have been sent. */
function capturingClient(): { client: DynamoDBClient; captured: Captured[] } {
  const captured: Captured[] = [];
  const client = new DynamoDBClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-used' },
  });
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      captured.push({ command: context.commandName ?? 'unknown', input: args.input });
      return { output: { $metadata: {} }, response: {} };
    },
    { step: 'build', name: 'benchCapture' },
  );
  return { client, captured };
}

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

function numberSize(text: string): number {
  const digits = text.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

/** An attribute value's size by DynamoDB's published rules (names are counted by the caller). */
function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L !== undefined) return 3 + value.L.reduce((sum, each) => sum + valueSize(each) + 1, 0);
  if (value.M !== undefined) return 3 + itemSize(value.M);
  throw new Error(`no size rule for ${Object.keys(value).join(',')}`);
}

/** Bytes DynamoDB bills an item for: attribute names plus values. */
export function itemSize(item: Item): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);
}

/** Applies the adapter's `SET a = :v, b = b + :n REMOVE c` to an item, as DynamoDB would. */
function applyUpdate(before: Item, captured: Captured): Item {
  const input = captured.input;
  if (!('UpdateExpression' in input) || input.UpdateExpression === undefined)
    throw new Error(`${captured.command} is not an UpdateItem`);
  const names = input.ExpressionAttributeNames ?? {};
  const values = input.ExpressionAttributeValues ?? {};
  const name = (token: string): string => {
    const resolved = names[token.trim()];
    if (resolved === undefined) throw new Error(`unknown name ${token}`);
    return resolved;
  };
  const expression = input.UpdateExpression;
  const after: Item = { ...before };
  const [setPart = '', removePart] = expression.split(' REMOVE ');
  for (const clause of setPart.replace(/^SET /, '').split(', ')) {
    const [left = '', right = ''] = clause.split(' = ');
    const operand = right.includes(' + ') ? right.split(' + ')[1] : right;
    const value = values[(operand ?? '').trim()];
    if (value === undefined) throw new Error(`unknown value in ${clause}`);
    after[name(left)] = value; // an increment keeps the size of a small counter
  }
  for (const token of removePart?.split(', ') ?? []) delete after[name(token)];
  return after;
}

export interface WriteCost {
  readonly request: string;
  readonly itemBytes: number;
  readonly tableUnits: number;
  readonly indexUnits: number;
}

export interface DynamoUnits {
  readonly payloadBytes: number;
  readonly storedBodyBytes: number;
  readonly bodyEncoding: string;
  readonly itemBytes: number;
  readonly writes: readonly WriteCost[];
  readonly readUnits: number;
  readonly writeUnitsPerEvent: number;
  readonly readUnitsPerEvent: number;
}

const wru = (bytes: number): number => Math.ceil(bytes / 1024);
const rruStrong = (bytes: number): number => Math.ceil(bytes / 4096);

/**
 * The DynamoDB requests one accepted event costs, from the real ingest and the real adapter: ingest's
 * PutItem and UpdateItem(QUEUED), then the worker's GetItem, UpdateItem(PROCESSING) and
 * UpdateItem(SUCCEEDED). An item that enters the `attention` index (RECEIVED) or leaves it (QUEUED)
 * is written there too, billed on the projected size: keys plus `TABLE.attentionIndex.projectedAttributes`.
 */
export async function dynamoUnits(payloadBytes: number): Promise<DynamoUnits> {
  const { client, captured } = capturingClient();
  const config = parseConfig({
    sources: [{ id: 'github-acme', tenant: 'acme', scheme: 'github', entityId: 'body:repository.full_name' }],
  });
  const store = new DynamoEventStore(client, 'webhook-gateway-events', systemClock);
  const secret = 'units-secret';
  const deliveryId = '72d3162e-cc78-11e3-81ab-4c9367dc0958';
  const body = githubPushBody(deliveryId, 'acme/widgets', payloadBytes);
  const signed = signRequest('github', { secret, body, nowSeconds: 0, id: deliveryId, eventType: 'push' });
  const headers = Object.fromEntries(
    Object.entries({ 'Content-Type': 'application/json', ...signed }).map(([k, v]) => [k.toLowerCase(), v]),
  );
  await ingest(
    {
      sourceId: 'github-acme',
      headers,
      body,
      traceHeader: 'Root=1-67a1b2c3-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=1',
    },
    {
      config,
      store,
      queue: new MemoryEventQueue(),
      secrets: new SecretCache(
        new StaticSecretSource({ 'webhook-gateway/acme/github-acme': secret }),
        systemClock,
      ),
      clock: systemClock,
    },
  );
  const key = { sourceId: 'github-acme', idempotencyKey: deliveryId };
  const runnable: EventStatus[] = ['RECEIVED', 'QUEUED', 'RETRYING', 'PROCESSING'];
  await store.get(key);
  await store.transition(key, runnable, 'PROCESSING', { incrementAttempts: true });
  await store.transition(key, ['PROCESSING'], 'SUCCEEDED');

  const [put, ...rest] = captured;
  if (put?.command !== 'PutItemCommand') throw new Error(`expected PutItem first, got ${put?.command}`);
  const item = 'Item' in put.input ? put.input.Item : undefined;
  if (item === undefined) throw new Error('PutItem without an item');
  const inIndex = (each: Item) => 'attention' in each;
  const index = TABLE.attentionIndex;
  const projectedKeys = new Set<string>([
    TABLE.partitionKey,
    index.partitionKey,
    index.sortKey,
    ...index.projectedAttributes,
  ]);
  const indexSize = (each: Item): number =>
    itemSize(Object.fromEntries(Object.entries(each).filter(([name]) => projectedKeys.has(name))));
  const writes: WriteCost[] = [
    {
      request: 'PutItem (RECEIVED)',
      itemBytes: itemSize(item),
      tableUnits: wru(itemSize(item)),
      indexUnits: wru(indexSize(item)),
    },
  ];
  let current = item;
  let readUnits = 0;
  for (const request of rest) {
    if (request.command === 'GetItemCommand') {
      readUnits += rruStrong(itemSize(current));
      continue;
    }
    const after = applyUpdate(current, request);
    const status = after.status?.S ?? '?';
    const bytes = Math.max(itemSize(current), itemSize(after));
    const indexBytes =
      inIndex(current) || inIndex(after)
        ? Math.max(inIndex(current) ? indexSize(current) : 0, inIndex(after) ? indexSize(after) : 0)
        : 0;
    writes.push({
      request: `UpdateItem (${status})`,
      itemBytes: bytes,
      tableUnits: wru(bytes),
      indexUnits: indexBytes === 0 ? 0 : wru(indexBytes),
    });
    current = after;
  }
  const storedBody = item.body?.B;
  return {
    payloadBytes,
    storedBodyBytes: storedBody?.byteLength ?? 0,
    bodyEncoding: item.bodyEncoding?.S ?? 'raw',
    itemBytes: itemSize(item),
    writes,
    readUnits,
    writeUnitsPerEvent: writes.reduce((sum, write) => sum + write.tableUnits + write.indexUnits, 0),
    readUnitsPerEvent: readUnits,
  };
}

/** How well the synthetic payload compresses, for comparison with real ones. */
export const gzipRatio = (bytes: number): number => {
  const body = githubPushBody('ratio', 'acme/widgets', bytes);
  return body.byteLength / gzipSync(body).byteLength;
};
