import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { BodyBucket } from '../../lib/constructs/body-bucket.js';
import { infraConfig, logicalId, resourcesOfType, synthGateway } from './support/synth.js';

// retentionDays 12, so the expiry can only be 13 if it is read from the config.
const { stack, template } = synthGateway(infraConfig({ retentionDays: 12 }));
const bucketId = logicalId(stack.bodies.bucket);
const bucket = () => resourcesOfType(template, 'AWS::S3::Bucket')[bucketId];

describe('bodies bucket', () => {
  it('is the only bucket, named by CloudFormation so two stacks in a region never collide', () => {
    expect(Object.keys(resourcesOfType(template, 'AWS::S3::Bucket'))).toEqual([bucketId]);
    expect(bucket()?.Properties?.BucketName).toBeUndefined();
  });

  it('encrypts with S3-managed keys when no customer managed key is configured', () => {
    expect(bucket()?.Properties?.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
  });

  it('blocks every kind of public access and disables ACLs', () => {
    expect(bucket()?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  it('refuses requests that do not use TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('expires bodies a day after their records (retentionDays + 1) and drops unfinished uploads after a day', () => {
    expect(bucket()?.Properties?.LifecycleConfiguration).toEqual({
      Rules: [
        {
          Id: 'ExpireWithTheRecords',
          Status: 'Enabled',
          ExpirationInDays: 13,
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        },
      ],
    });
  });

  it('is kept when the stack is deleted, with its TLS-only policy', () => {
    expect(bucket()).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(1);
    expect(policies[0]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('names itself in the BodyBucketName output', () => {
    expect(template.findOutputs('BodyBucketName').BodyBucketName?.Value).toEqual({ Ref: bucketId });
  });

  it('encrypts with the customer managed key through an S3 Bucket Key when deployment.customerManagedKey is on', () => {
    const encrypted = synthGateway(infraConfig({ deployment: { customerManagedKey: true } }));
    const keyArn = { 'Fn::GetAtt': [logicalId(encrypted.stack.key?.key ?? encrypted.stack), 'Arn'] };
    const encryptedBucket = resourcesOfType(encrypted.template, 'AWS::S3::Bucket')[
      logicalId(encrypted.stack.bodies.bucket)
    ];
    expect(encryptedBucket?.Properties?.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        {
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn },
        },
      ],
    });
  });
});

describe('bodies bucket grants', () => {
  /** A role with nothing but the one grant, on a bucket encrypted with a customer managed key. */
  function granted(grant: (bodies: BodyBucket, role: iam.Role) => void) {
    const scope = new Stack(new App(), 'Grants');
    const key = new kms.Key(scope, 'Key');
    const bodies = new BodyBucket(scope, 'Bodies', { retentionDays: 30, encryptionKey: key });
    const role = new iam.Role(scope, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    grant(bodies, role);
    const statements = Object.values(Template.fromStack(scope).findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement,
    );
    const bucketArn = { 'Fn::GetAtt': [logicalId(bodies.bucket), 'Arn'] };
    const keyArn = { 'Fn::GetAtt': [logicalId(key), 'Arn'] };
    return { statements, bucketArn, keyArn };
  }

  it('lets a writer put objects under bodies/ only, generating data keys with the bucket key', () => {
    const { statements, bucketArn, keyArn } = granted((bodies, role) => bodies.grantPutBodies(role));
    expect(statements).toEqual([
      { Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: keyArn },
      { Effect: 'Allow', Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [bucketArn, '/bodies/*']] } },
    ]);
  });

  it('lets a reader get objects under bodies/ only, decrypting with the key', () => {
    const { statements, bucketArn, keyArn } = granted((bodies, role) => bodies.grantReadBodies(role));
    expect(statements).toEqual([
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Join': ['', [bucketArn, '/bodies/*']] } },
    ]);
  });
});
