import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { TableConfig } from '../../lambdas/shared/config/schema.js';
import { TABLE } from '../../lambdas/shared/resources.js';
import { grantKeyUse, type KeyAction } from './key-grants.js';

export type ItemAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem';

const READ_ACTIONS: readonly ItemAction[] = ['dynamodb:GetItem', 'dynamodb:BatchGetItem'];

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
  /**
   * How the table and its index are billed (`deployment.table`): on demand, or provisioned capacity
   * that auto scaling keeps at the target utilization within the configured ranges.
   * @default - on demand
   */
  readonly capacity?: TableConfig;
}

const READ_KEY: readonly KeyAction[] = ['kms:Decrypt', 'kms:DescribeKey'];
const WRITE_KEY: readonly KeyAction[] = [...READ_KEY, 'kms:Encrypt', 'kms:GenerateDataKey'];

/**
 * The events table (docs/architecture.md#data-model): on demand unless `capacity` says provisioned,
 * TTL on `expiresAt`, point-in-time recovery, and the sparse `attention` index that finds RECEIVED
 * and DEAD_LETTERED records without a scan. Key names come from `lambdas/shared/resources.ts`, the
 * description the local stack uses too.
 */
export class EventTable extends Construct {
  public readonly table: dynamodb.Table;
  public readonly encryptionKey: kms.IKey | undefined;

  constructor(scope: Construct, id: string, props: EventTableProps = {}) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey;
    const provisioned = props.capacity?.capacity === 'provisioned' ? props.capacity : undefined;
    // Auto scaling moves the capacity from here; CloudFormation sets it again only when these change.
    const initialCapacity =
      provisioned === undefined
        ? {}
        : { readCapacity: provisioned.readUnits.min, writeCapacity: provisioned.writeUnits.min };
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      billingMode:
        provisioned === undefined ? dynamodb.BillingMode.PAY_PER_REQUEST : dynamodb.BillingMode.PROVISIONED,
      ...initialCapacity,
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
      ...initialCapacity,
    });
    if (provisioned !== undefined) this.autoScale(provisioned);
  }

  /**
   * Target tracking on the table and on the index: an index without enough write capacity throttles
   * the table's writes, so it follows the same ranges.
   */
  private autoScale(capacity: TableConfig): void {
    // aws-cdk-lib leaves PROVISIONED out as CloudFormation's default; named, a switch from on demand
    // is a changed property in the template, not one that disappears.
    const cfnTable = this.table.node.defaultChild;
    if (cfnTable instanceof dynamodb.CfnTable) cfnTable.billingMode = dynamodb.BillingMode.PROVISIONED;
    const target = { targetUtilizationPercent: capacity.targetUtilizationPercent };
    const read = { minCapacity: capacity.readUnits.min, maxCapacity: capacity.readUnits.max };
    const write = { minCapacity: capacity.writeUnits.min, maxCapacity: capacity.writeUnits.max };
    const index = TABLE.attentionIndex.name;
    this.table.autoScaleReadCapacity(read).scaleOnUtilization(target);
    this.table.autoScaleWriteCapacity(write).scaleOnUtilization(target);
    this.table.autoScaleGlobalSecondaryIndexReadCapacity(index, read).scaleOnUtilization(target);
    this.table.autoScaleGlobalSecondaryIndexWriteCapacity(index, write).scaleOnUtilization(target);
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
    const writes = actions.some((action) => !READ_ACTIONS.includes(action));
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
