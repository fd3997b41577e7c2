import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BODY_BUCKET } from '../../lambdas/shared/resources.js';
import { grantKeyUse } from './key-grants.js';

export interface BodyBucketProps {
  /** How long events are kept (`retentionDays`): a body outlives its record by a day. */
  readonly retentionDays: number;
  /**
   * A customer managed key to encrypt the bodies with (through an S3 Bucket Key).
   * @default - S3-managed keys (SSE-S3)
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * What happens to the bucket (and its TLS-only policy) when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

const ACCESS_LOGS_REASON =
  'Only the ingest and worker roles reach the bucket, each for one action on bodies/*; the events table records every event. Server access logs would need a second bucket with the same findings of its own; where object-level audit is required, enable CloudTrail data events for this bucket.';

/**
 * The bodies bucket (claim-check, docs/architecture.md#data-model): bodies too big for the event's
 * item, one object per body under `bodies/`. Encrypted, TLS-only, private, owner-enforced (no ACLs),
 * expiring a day after the records that point at them, and kept when the stack is deleted, as the
 * table is. CloudFormation names it, so two stacks in a region never collide.
 */
export class BodyBucket extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly encryptionKey: kms.IKey | undefined;

  constructor(scope: Construct, id: string, props: BodyBucketProps) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...(props.encryptionKey === undefined
        ? { encryption: s3.BucketEncryption.S3_MANAGED }
        : {
            encryption: s3.BucketEncryption.KMS,
            encryptionKey: props.encryptionKey,
            // One data key per bucket and period instead of a KMS call per object.
            bucketKeyEnabled: true,
          }),
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        {
          id: 'ExpireWithTheRecords',
          expiration: Duration.days(BODY_BUCKET.expirationDays(props.retentionDays)),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy,
    });
    // enforceSSL puts the policy in a resource of its own, which CloudFormation would delete with the
    // stack: a kept bucket would lose its TLS-only rule.
    this.bucket.policy?.applyRemovalPolicy(removalPolicy);
    Validations.of(this.bucket).acknowledge({ id: 'AwsSolutions-S1', reason: ACCESS_LOGS_REASON });
  }

  /** s3:PutObject on `bodies/*` only; with a customer managed key, the data key S3 encrypts with. */
  public grantPutBodies(grantee: iam.IGrantable): iam.Grant {
    grantKeyUse(grantee, this.encryptionKey, ['kms:GenerateDataKey']);
    return this.grantOnBodies(grantee, 's3:PutObject');
  }

  /** s3:GetObject on `bodies/*` only; with a customer managed key, decrypting it. */
  public grantReadBodies(grantee: iam.IGrantable): iam.Grant {
    grantKeyUse(grantee, this.encryptionKey, ['kms:Decrypt']);
    return this.grantOnBodies(grantee, 's3:GetObject');
  }

  private grantOnBodies(grantee: iam.IGrantable, action: 's3:PutObject' | 's3:GetObject'): iam.Grant {
    const objects = `${BODY_BUCKET.keyPrefix}*`;
    const principal = grantee.grantPrincipal;
    // cdk-nag names the finding by the bucket's logical id as it appears in the policy.
    const cfnBucket = this.bucket.node.defaultChild;
    if (principal instanceof Construct && cfnBucket instanceof s3.CfnBucket) {
      const bucketId: unknown = Stack.of(this).resolve(cfnBucket.logicalId);
      Validations.of(principal).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${String(bucketId)}.Arn>/${objects}]`,
        reason: `Object keys are chosen per event, so the grant names the ${BODY_BUCKET.keyPrefix} prefix of this bucket, for ${action} only.`,
      });
    }
    return iam.Grant.addToPrincipal({
      grantee,
      actions: [action],
      resourceArns: [this.bucket.arnForObjects(objects)],
    });
  }
}
