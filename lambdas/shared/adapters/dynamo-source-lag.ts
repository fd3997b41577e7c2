import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { DependencyError } from '../errors.js';
import type { SourceLag } from '../ports.js';
import { TABLE } from '../resources.js';
import { advanceMark } from './dynamo-forward-mark.js';

const itemSchema = z.object({ behindUntil: z.number() });

/** The mark lives a day after it expires, then TTL removes the item. */
const ITEM_LIFETIME_SECONDS = 86_400;

export const sourcePk = (sourceId: string): string => `SOURCE#${sourceId}`;

/** One small item per source in the event table, beside the event records. */
export class DynamoSourceLag implements SourceLag {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async behindUntil(sourceId: string): Promise<number | undefined> {
    try {
      // Eventually consistent: half the read cost, and a mark a second late changes nothing.
      const { Item } = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: { [TABLE.partitionKey]: sourcePk(sourceId) } }),
      );
      return Item === undefined ? undefined : itemSchema.parse(Item).behindUntil;
    } catch (error) {
      throw new DependencyError('DynamoDB GetItem (source lag) failed', { cause: error });
    }
  }

  async markBehind(sourceId: string, untilMs: number): Promise<void> {
    await advanceMark(this.doc, {
      tableName: this.tableName,
      pk: sourcePk(sourceId),
      attribute: 'behindUntil',
      value: untilMs,
      expiresAt: Math.ceil(untilMs / 1000) + ITEM_LIFETIME_SECONDS,
      what: 'source lag',
    });
  }
}
