import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE } from '../../lambdas/shared/resources.js';
import { grantKeyUse, type KeyAction } from './key-grants.js';

export type ItemAction = 'dynamodb:GetItem' | 'dynamodb:PutItem' | 'dynamodb:UpdateItem';

export interface EventTableProps {
  /**
   * What happens to the table (every stored event) when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * A customer managed key to encrypt the table with.
   * @default - DynamoDB's own key (AWS owned)
   */
  readonly encryptionKey?: kms.IKey;
}

const READ_KEY: readonly KeyAction[] = ['kms:Decrypt', 'kms:DescribeKey'];
const WRITE_KEY: readonly KeyAction[] = [...READ_KEY, 'kms:Encrypt', 'kms:GenerateDataKey'];

/**
 * The events table (docs/architecture.md#data-model): on-demand, TTL on `expiresAt`, point-in-time recovery, and the
 * sparse `attention` index that finds RECEIVED and DEAD_LETTERED records without a scan. Key names
 * come from `lambdas/shared/resources.ts`, the description the local stack uses too.
 */
export class EventTable extends Construct {
  public readonly table: dynamodb.Table;
  public readonly encryptionKey: kms.IKey | undefined;

  constructor(scope: Construct, id: string, props: EventTableProps = {}) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey;
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TABLE.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      ...(props.encryptionKey === undefined
        ? {}
        : { encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: props.encryptionKey }),
    });
    const index = TABLE.attentionIndex;
    this.table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: [...index.projectedAttributes],
    });
  }

  /** The attention index's ARN, named exactly (no `index/*` wildcard). */
  public get attentionIndexArn(): string {
    return Stack.of(this).formatArn({
      service: 'dynamodb',
      resource: 'table',
      resourceName: `${this.table.tableName}/index/${TABLE.attentionIndex.name}`,
    });
  }

  /** Item-level access to the table itself (not its index). */
  public grantItems(grantee: iam.IGrantable, ...actions: ItemAction[]): iam.Grant {
    const writes = actions.some((action) => action !== 'dynamodb:GetItem');
    grantKeyUse(grantee, this.encryptionKey, writes ? WRITE_KEY : READ_KEY);
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.table.tableArn] });
  }

  /** Query on the attention index only: nothing queries the table itself. */
  public grantQueryAttention(grantee: iam.IGrantable): iam.Grant {
    grantKeyUse(grantee, this.encryptionKey, READ_KEY);
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:Query'],
      resourceArns: [this.attentionIndexArn],
    });
  }
}
