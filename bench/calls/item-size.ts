import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { TABLE } from '../../lambdas/shared/resources.js';

/** Item sizes by DynamoDB's published rules: attribute names plus values, as storage is billed. */

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

/** A number: about one byte per two significant digits, plus one. */
function numberSize(text: string): number {
  const digits = text.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, each) => sum + utf8(each), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, each) => sum + numberSize(each), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, each) => sum + each.byteLength, 0);
  if (value.L !== undefined) return 3 + value.L.reduce((sum, each) => sum + valueSize(each) + 1, 0);
  if (value.M !== undefined) return 3 + itemBytes(value.M);
  throw new Error(`no size rule for ${Object.keys(value).join(',')}`);
}

export function itemBytes(item: Readonly<Record<string, AttributeValue>>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);
}

const INDEX = TABLE.attentionIndex;
/** The attributes an entry of the attention index holds: the table's key, its own keys, the projection. */
const INDEXED = new Set<string>([
  TABLE.partitionKey,
  INDEX.partitionKey,
  INDEX.sortKey,
  ...INDEX.projectedAttributes,
]);

/** What the attention index keeps of an item: nothing without its key, else keys and projected attributes. */
export function indexEntryOf(
  item: Readonly<Record<string, AttributeValue>> | undefined,
): Record<string, AttributeValue> | undefined {
  return item !== undefined && INDEX.partitionKey in item
    ? Object.fromEntries(Object.entries(item).filter(([name]) => INDEXED.has(name)))
    : undefined;
}
