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
 * DynamoDB (and DynamoDB Local) return the item that failed the condition, so a duplicate costs the
 * put alone; dynalite does not, so the store reads the item back.
 */
describe.each([
  { engine: 'dynamodb-local', forceDynalite: false, reads: 0 },
  { engine: 'dynalite', forceDynalite: true, reads: 1 },
] as const)('a duplicate delivery on $engine', ({ forceDynalite, reads }) => {
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

  it(`costs the conditional put and ${reads} read(s), and returns the stored record`, async () => {
    // Without Java the emulator falls back to dynalite, which has no item on a failed condition.
    const expectedReads = emulator.engine === 'dynalite' ? 1 : reads;
    const table = `duplicates-${randomUUID().slice(0, 8)}`;
    await createEventsTable(client, table);
    const store = new DynamoEventStore(client, table);
    const first = storedEvent({ idempotencyKey: 'once', body: new Uint8Array([1, 2, 3]) });
    await store.putIfAbsent(first, NOW_S);
    commands.length = 0;

    const again = await store.putIfAbsent({ ...first, payloadHash: 'second' }, NOW_S);

    expect(again).toEqual({ created: false, existing: first });
    expect(commands.filter((name) => name === 'GetItemCommand')).toHaveLength(expectedReads);
    expect(commands.filter((name) => name === 'PutItemCommand')).toHaveLength(1);
  });
});
