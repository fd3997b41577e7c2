import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TABLE } from '../../lambdas/shared/resources.js';

export type ItemAction = 'dynamodb:GetItem' | 'dynamodb:PutItem' | 'dynamodb:UpdateItem';

export interface EventTableProps {
  /**
   * What happens to the table (every stored event) when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The events table (DESIGN §5): on-demand, TTL on `expiresAt`, point-in-time recovery, and the
 * sparse `attention` index that finds RECEIVED and DEAD_LETTERED records without a scan. Key names
 * come from `lambdas/shared/resources.ts`, the description the local stack uses too.
 */
export class EventTable extends Construct {
  public readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: EventTableProps = {}) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TABLE.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
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
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.table.tableArn] });
  }

  /** Query on the table and on the attention index. */
  public grantQuery(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:Query'],
      resourceArns: [this.table.tableArn, this.attentionIndexArn],
    });
  }
}
