import { gzipSync } from 'node:zlib';
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DynamoDBClient,
  type ServiceInputTypes,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ingest } from '../lambdas/ingest/ingest.js';
import { signRequest } from '../lambdas/ingest/signatures/index.js';
import { DynamoEventStore } from '../lambdas/shared/adapters/dynamo-event-store.js';
import { parseConfig } from '../lambdas/shared/config/validate.js';
import type { EventStatus } from '../lambdas/shared/domain/event.js';
import { SecretCache } from '../lambdas/shared/domain/secret-cache.js';
import { systemClock } from '../lambdas/shared/ports.js';
import { TABLE } from '../lambdas/shared/resources.js';
import { MemoryEventQueue } from '../test/support/memory/memory-event-queue.js';
import { indexEntryOf, itemBytes } from './calls/item-size.js';
import { githubPushBody } from './support/payload.js';
import { StaticSecretSource } from './support/static-secrets.js';

type Item = Record<string, AttributeValue>;

interface Captured {
  readonly command: string;
  readonly input: ServiceInputTypes;
  /** The written item before and after (writes); the items read (reads, a missing one as undefined). */
  readonly before?: Item;
  readonly after?: Item;
  readonly read?: readonly (Item | undefined)[];
  /** A conditional write whose condition failed: billed all the same. */
  readonly failed?: boolean;
}

// Answers skip the deserialize step, where the document client would unmarshall them: they are
// handed over unmarshalled, as it would.
/**
 * A real DynamoDB client whose requests stop after marshalling and are answered from a map, the way
 * DynamoDB would answer the adapter's requests on the happy path (a put's `attribute_not_exists`
 * condition included, so a duplicate comes back with the stored item): what would have been sent is
 * kept, with the item before and after each request, for the cost rules below.
 */
function capturingClient(): { client: DynamoDBClient; captured: Captured[]; items: Map<string, Item> } {
  const captured: Captured[] = [];
  const items = new Map<string, Item>();
  const client = new DynamoDBClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-used' },
  });
  const pkOf = (key: Item | undefined): string => key?.[TABLE.partitionKey]?.S ?? '';
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      const input = args.input as ServiceInputTypes;
      let output: Record<string, unknown> = {};
      if ('Item' in input && input.Item !== undefined) {
        const before = items.get(pkOf(input.Item));
        if (before !== undefined && input.ConditionExpression?.startsWith('attribute_not_exists')) {
          captured.push({ command, input, before, after: input.Item, failed: true });
          throw new ConditionalCheckFailedException({ message: 'exists', $metadata: {}, Item: before });
        }
        items.set(pkOf(input.Item), input.Item);
        captured.push({ command, input, ...(before === undefined ? {} : { before }), after: input.Item });
      } else if ('UpdateExpression' in input && input.Key !== undefined) {
        const before = items.get(pkOf(input.Key));
        const after = applyUpdate(before ?? { ...input.Key }, { command, input });
        items.set(pkOf(input.Key), after);
        captured.push({ command, input, ...(before === undefined ? {} : { before }), after });
        output = { Attributes: unmarshall(after) };
      } else if ('RequestItems' in input && input.RequestItems !== undefined) {
        const responses: Record<string, Record<string, unknown>[]> = {};
        const read: (Item | undefined)[] = [];
        for (const [table, request] of Object.entries(input.RequestItems)) {
          const keys: Item[] = 'Keys' in request ? (request.Keys ?? []) : [];
          const found = keys.map((key) => items.get(pkOf(key)));
          read.push(...found);
          responses[table] = found.flatMap((item) => (item === undefined ? [] : [unmarshall(item)]));
        }
        captured.push({ command, input, read });
        output = { Responses: responses };
      } else if ('Key' in input && input.Key !== undefined) {
        const item = items.get(pkOf(input.Key));
        captured.push({ command, input, read: [item] });
        output = { Item: item === undefined ? undefined : unmarshall(item) };
      } else captured.push({ command, input });
      return { output: { $metadata: {}, ...output }, response: {} };
    },
    { step: 'build', name: 'benchCapture' },
  );
  return { client, captured, items };
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
  /** The event item as ingest writes it. */
  readonly itemBytes: number;
  readonly writes: readonly WriteCost[];
  readonly readUnits: number;
  readonly writeUnitsPerEvent: number;
  readonly readUnitsPerEvent: number;
  /** The same delivery again, after the event succeeded: what the vendor's retry costs. */
  readonly duplicate: {
    readonly readRequests: number;
    readonly readUnits: number;
    readonly writeUnits: number;
  };
}

const wru = (bytes: number): number => Math.max(1, Math.ceil(bytes / 1024));
/** A strongly consistent read of one item; reading an item that is not there costs the minimum. */
const rruStrong = (item: Item | undefined): number =>
  item === undefined ? 1 : Math.max(1, Math.ceil(itemBytes(item) / 4096));

const index = TABLE.attentionIndex;

/**
 * Index writes by DynamoDB's rules: entering or leaving the index is one write, a changed index key
 * two, a changed projected attribute one, anything else none.
 */
function indexUnits(before: Item | undefined, after: Item | undefined): number {
  const was = indexEntryOf(before);
  const is = indexEntryOf(after);
  if (was === undefined && is === undefined) return 0;
  if (was === undefined) return wru(itemBytes(is ?? {}));
  if (is === undefined) return wru(itemBytes(was));
  const key = (item: Item) => JSON.stringify([item[index.partitionKey], item[index.sortKey]]);
  if (key(was) !== key(is)) return wru(itemBytes(was)) + wru(itemBytes(is));
  return JSON.stringify(was) === JSON.stringify(is) ? 0 : wru(Math.max(itemBytes(was), itemBytes(is)));
}

function writeCost(request: Captured): WriteCost {
  const after = request.after ?? {};
  const kind = after[TABLE.partitionKey]?.S?.split('#')[0] ?? '?';
  const status = after.status?.S ?? 'RECEIVED';
  const bytes = Math.max(request.before === undefined ? 0 : itemBytes(request.before), itemBytes(after));
  return {
    request: `${request.command.replace('Command', '')} ${kind} item (${status})`,
    itemBytes: bytes,
    tableUnits: wru(bytes),
    indexUnits: request.failed ? 0 : indexUnits(request.before, request.after),
  };
}

const readUnitsOf = (requests: readonly Captured[]): number =>
  requests.reduce(
    (sum, request) => sum + (request.read ?? []).reduce((units, item) => units + rruStrong(item), 0),
    0,
  );

/**
 * The DynamoDB requests one accepted event costs, from the real ingest and the real adapter: ingest's
 * PutItem of the event item, then the worker's read of the event and its status, the claim (the status
 * item's first write) and SUCCEEDED; then the same delivery again. Each is billed by DynamoDB's rules on
 * the items it wrote or read, index writes included.
 */
export async function dynamoUnits(payloadBytes: number): Promise<DynamoUnits> {
  const { client, captured } = capturingClient();
  const config = parseConfig({
    sources: [{ id: 'github-acme', tenant: 'acme', scheme: 'github', entityId: 'body:repository.full_name' }],
  });
  const store = new DynamoEventStore(client, 'webhook-gateway-events', { clock: systemClock });
  const secret = 'units-secret';
  const deliveryId = '72d3162e-cc78-11e3-81ab-4c9367dc0958';
  const body = githubPushBody(deliveryId, 'acme/widgets', payloadBytes);
  const signed = signRequest('github', { secret, body, nowSeconds: 0, id: deliveryId, eventType: 'push' });
  const headers = Object.fromEntries(
    Object.entries({ 'Content-Type': 'application/json', ...signed }).map(([k, v]) => [k.toLowerCase(), v]),
  );
  const deliver = () =>
    ingest(
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
  await deliver();
  const key = { sourceId: 'github-acme', idempotencyKey: deliveryId };
  const runnable: EventStatus[] = ['RECEIVED', 'QUEUED', 'RETRYING', 'PROCESSING'];
  const event = await store.get(key);
  if (event === undefined) throw new Error('the event was not stored');
  const claimed = await store.transition(event, runnable, 'PROCESSING', { incrementAttempts: true });
  if (claimed === undefined) throw new Error('the claim failed');
  await store.transition(claimed, ['PROCESSING'], 'SUCCEEDED');
  const accepted = captured.splice(0);
  const outcome = await deliver();
  if (outcome.kind !== 'duplicate') throw new Error(`expected a duplicate, got ${outcome.kind}`);
  const duplicate = captured.splice(0);

  const [put] = accepted;
  const item = put?.after;
  if (put?.command !== 'PutItemCommand' || item === undefined)
    throw new Error(`expected PutItem first, got ${put?.command}`);
  const writes = accepted.filter((request) => request.after !== undefined).map(writeCost);
  const readUnits = readUnitsOf(accepted);
  const storedBody = item.body?.B;
  return {
    payloadBytes,
    storedBodyBytes: storedBody?.byteLength ?? 0,
    bodyEncoding: item.bodyEncoding?.S ?? 'raw',
    itemBytes: itemBytes(item),
    writes,
    readUnits,
    writeUnitsPerEvent: writes.reduce((sum, write) => sum + write.tableUnits + write.indexUnits, 0),
    readUnitsPerEvent: readUnits,
    duplicate: {
      readRequests: duplicate.filter((request) => request.read !== undefined).length,
      readUnits: readUnitsOf(duplicate),
      writeUnits: duplicate
        .filter((request) => request.after !== undefined)
        .reduce((sum, request) => sum + writeCost(request).tableUnits, 0),
    },
  };
}

/** How well the synthetic payload compresses, for comparison with real ones. */
export const gzipRatio = (bytes: number): number => {
  const body = githubPushBody('ratio', 'acme/widgets', bytes);
  return body.byteLength / gzipSync(body).byteLength;
};
