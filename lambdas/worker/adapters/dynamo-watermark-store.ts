import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { advanceMark } from '../../shared/adapters/dynamo-forward-mark.js';
import { sha256Hex } from '../../shared/domain/ids.js';
import { DependencyError } from '../../shared/errors.js';
import type { EntityWatermarks } from '../../shared/ports.js';
import { TABLE } from '../../shared/resources.js';

// A partition key holds at most 2048 bytes; entity ids come from vendor payloads, so long ones are hashed.
const MAX_PLAIN_KEY_BYTES = 1024;

export function entityPk(sourceId: string, entityId: string): string {
  const plain = `ENTITY#${sourceId}#${entityId}`;
  return Buffer.byteLength(plain) <= MAX_PLAIN_KEY_BYTES
    ? plain
    : `ENTITY#${sourceId}#sha256:${sha256Hex(entityId)}`;
}

const itemSchema = z.object({ occurredAt: z.string() });

/** One small item per entity in the event table, beside the event records. */
export class DynamoWatermarkStore implements EntityWatermarks {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async get(sourceId: string, entityId: string): Promise<string | undefined> {
    try {
      const { Item } = await this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { [TABLE.partitionKey]: entityPk(sourceId, entityId) },
          ConsistentRead: true,
        }),
      );
      return Item === undefined ? undefined : itemSchema.parse(Item).occurredAt;
    } catch (error) {
      throw new DependencyError('DynamoDB GetItem (watermark) failed', { cause: error });
    }
  }

  async advance(sourceId: string, entityId: string, occurredAt: string, expiresAt: number): Promise<void> {
    await advanceMark(this.doc, {
      tableName: this.tableName,
      pk: entityPk(sourceId, entityId),
      attribute: 'occurredAt',
      value: occurredAt,
      expiresAt,
      what: 'watermark',
    });
  }
}
