import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoEventStore } from '../../lambdas/shared/adapters/dynamo-event-store.js';
import { LOCAL_REGION, localCredentials } from '../../local/aws-clients.js';
import { createEventsTable } from '../../local/create-resources.js';
import { type DynamoEmulator, startDynamoEmulator } from '../../local/dynamo-emulator.js';
import { storedEvent } from '../support/stored-event.js';

const NOW_S = Math.floor(Date.parse('2026-03-01T12:00:00.000Z') / 1000);

/**
 * DynamoDB (and DynamoDB Local) return the event item that failed the condition, so a duplicate costs
 * the put and one read of its small status item; dynalite does not, so the store reads both items
 * back in one BatchGetItem. Either way: one read request.
 */
describe.each([
  { engine: 'dynamodb-local', forceDynalite: false, read: 'GetItemCommand' },
  { engine: 'dynalite', forceDynalite: true, read: 'BatchGetItemCommand' },
] as const)('a duplicate delivery on $engine', ({ forceDynalite, read }) => {
  let emulator: DynamoEmulator;
  let client: DynamoDBClient;
  const commands: string[] = [];

  beforeAll(async () => {
    emulator = await startDynamoEmulator({ forceDynalite });
    client = new DynamoDBClient({
      region: LOCAL_REGION,
      credentials: localCredentials,
      endpoint: emulator.endpoint,
    });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(context.commandName ?? 'unknown');
        return next(args);
      },
      { step: 'initialize', name: 'recordCommands' },
    );
  }, 60_000);

  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
  });

  it(`costs the conditional put and one ${read}, and returns the stored record`, async () => {
    // Without Java the emulator falls back to dynalite, which has no item on a failed condition.
    const expectedRead = emulator.engine === 'dynalite' ? 'BatchGetItemCommand' : read;
    const table = `duplicates-${randomUUID().slice(0, 8)}`;
    await createEventsTable(client, table);
    const store = new DynamoEventStore(client, table);
    const first = storedEvent({ idempotencyKey: 'once', body: new Uint8Array([1, 2, 3]) });
    await store.putIfAbsent(first, NOW_S);
    commands.length = 0;

    const again = await store.putIfAbsent({ ...first, payloadHash: 'second' }, NOW_S);

    const { body: _body, ...record } = first;
    expect(again).toEqual({ created: false, existing: record });
    expect(commands).toEqual(['PutItemCommand', expectedRead]);
  });
});
