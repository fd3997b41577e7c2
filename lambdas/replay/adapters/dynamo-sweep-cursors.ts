import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { advanceMark } from '../../shared/adapters/dynamo-forward-mark.js';
import { DependencyError } from '../../shared/errors.js';
import type { SweepCursors } from '../../shared/ports.js';
import { TABLE } from '../../shared/resources.js';

const itemSchema = z.object({ sweptThrough: z.string() });

/** A cursor untouched this long is dropped by TTL; the next sweep then reads the source from the start. */
const CURSOR_LIFETIME_SECONDS = 400 * 86_400;

export const sweepPk = (sourceId: string): string => `SWEEP#${sourceId}`;

/** One small item per source in the event table, beside the events. */
export class DynamoSweepCursors implements SweepCursors {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly clock: () => number = Date.now,
  ) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async get(sourceId: string): Promise<string | undefined> {
    try {
      const { Item } = await this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { [TABLE.partitionKey]: sweepPk(sourceId) },
          ConsistentRead: true,
        }),
      );
      return Item === undefined ? undefined : itemSchema.parse(Item).sweptThrough;
    } catch (error) {
      throw new DependencyError('DynamoDB GetItem (sweep cursor) failed', { cause: error });
    }
  }

  async advance(sourceId: string, receivedAt: string): Promise<void> {
    await advanceMark(this.doc, {
      tableName: this.tableName,
      pk: sweepPk(sourceId),
      attribute: 'sweptThrough',
      value: receivedAt,
      expiresAt: Math.floor(this.clock() / 1000) + CURSOR_LIFETIME_SECONDS,
      what: 'sweep cursor',
    });
  }
}
