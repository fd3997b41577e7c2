import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DependencyError } from '../errors.js';
import { TABLE } from '../resources.js';

export interface ForwardMark {
  readonly tableName: string;
  readonly pk: string;
  readonly attribute: string;
  /** A number or an ISO-8601 string: both compare in time order. */
  readonly value: number | string;
  /** Epoch seconds after which TTL may delete the item. */
  readonly expiresAt: number;
  /** What the mark is, for the error message. */
  readonly what: string;
}

/**
 * Moves one small item's `attribute` forward to `value`, never back, and sets its TTL: a later value
 * already there wins, silently. The entity watermarks and the source lag marks are such items.
 */
export async function advanceMark(doc: DynamoDBDocumentClient, mark: ForwardMark): Promise<void> {
  try {
    await doc.send(
      new UpdateCommand({
        TableName: mark.tableName,
        Key: { [TABLE.partitionKey]: mark.pk },
        UpdateExpression: 'SET #mark = :mark, #expiresAt = :expiresAt',
        ConditionExpression: 'attribute_not_exists(#mark) OR #mark < :mark',
        ExpressionAttributeNames: { '#mark': mark.attribute, '#expiresAt': TABLE.ttlAttribute },
        ExpressionAttributeValues: { ':mark': mark.value, ':expiresAt': mark.expiresAt },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return;
    throw new DependencyError(`DynamoDB UpdateItem (${mark.what}) failed`, { cause: error });
  }
}
