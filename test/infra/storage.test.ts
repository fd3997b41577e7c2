import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TABLE } from '../../lambdas/shared/resources.js';
import { infraConfig, logicalId, resourcesOfType, synthGateway } from './support/synth.js';

const { stack, template } = synthGateway();
const queueId = logicalId(stack.pipeline.queue);
const deadLetterQueueId = logicalId(stack.pipeline.deadLetterQueue);

describe('event queue', () => {
  it('is a FIFO queue in high-throughput mode', () => {
    expect(resourcesOfType(template, 'AWS::SQS::Queue')[queueId]?.Properties).toMatchObject({
      FifoQueue: true,
      DeduplicationScope: 'messageGroup',
      FifoThroughputLimit: 'perMessageGroupId',
    });
  });

  it('hides a received message for six times the worker timeout (30 s → 180 s)', () => {
    expect(resourcesOfType(template, 'AWS::SQS::Queue')[queueId]?.Properties?.VisibilityTimeout).toBe(180);
  });

  it('redrives to the dead-letter queue after retry.maxReceiveCount receives', () => {
    expect(resourcesOfType(template, 'AWS::SQS::Queue')[queueId]?.Properties?.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [deadLetterQueueId, 'Arn'] },
      maxReceiveCount: 4,
    });
  });

  it('encrypts both queues with SQS-managed keys', () => {
    const queues = resourcesOfType(template, 'AWS::SQS::Queue');
    expect(queues[queueId]?.Properties?.SqsManagedSseEnabled).toBe(true);
    expect(queues[deadLetterQueueId]?.Properties?.SqsManagedSseEnabled).toBe(true);
  });

  it('refuses requests that do not use TLS on both queues', () => {
    for (const id of [queueId, deadLetterQueueId]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });
});

describe('dead-letter queue', () => {
  it('is FIFO and keeps messages for 14 days', () => {
    expect(resourcesOfType(template, 'AWS::SQS::Queue')[deadLetterQueueId]?.Properties).toMatchObject({
      FifoQueue: true,
      MessageRetentionPeriod: 1_209_600,
    });
  });

  it('declares itself a dead-letter queue with a redrive allow policy', () => {
    expect(
      resourcesOfType(template, 'AWS::SQS::Queue')[deadLetterQueueId]?.Properties?.RedriveAllowPolicy,
    ).toEqual({
      redrivePermission: 'allowAll',
    });
  });

  it('is deleted with the stack, as documented: its messages only point at events the retained table keeps', () => {
    expect(template.findResources('AWS::SQS::Queue')[deadLetterQueueId]?.DeletionPolicy).toBe('Delete');
  });
});

describe('events table', () => {
  it('is billed on demand with point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('is keyed by the string pk and expires items through expiresAt', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('has the sparse attention index keyed by attention and receivedAt, projecting the record without its body', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'attention', AttributeType: 'S' },
        { AttributeName: 'receivedAt', AttributeType: 'S' },
      ]),
      GlobalSecondaryIndexes: [
        {
          IndexName: 'attention',
          KeySchema: [
            { AttributeName: 'attention', KeyType: 'HASH' },
            { AttributeName: 'receivedAt', KeyType: 'RANGE' },
          ],
          // Everything but the body, so an index write costs one unit whatever the payload size.
          Projection: {
            ProjectionType: 'INCLUDE',
            NonKeyAttributes: [...TABLE.attentionIndex.projectedAttributes],
          },
        },
      ],
    });
    // The projection is the code's own list: what the store's attention query reads back.
    expect(TABLE.attentionIndex.projectedAttributes).toEqual(expect.arrayContaining(['status', 'lastError']));
    expect(TABLE.attentionIndex.projectedAttributes).not.toContain('body');
    expect(TABLE.attentionIndex.projectedAttributes).not.toContain('bodyEncoding');
  });

  it('is kept when the stack is deleted', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('customer managed key (deployment.customerManagedKey)', () => {
  const encrypted = synthGateway(infraConfig({ deployment: { customerManagedKey: true } }));
  const keyId = logicalId(encrypted.stack.key?.key ?? encrypted.stack);
  const keyArn = { 'Fn::GetAtt': [keyId, 'Arn'] };

  it('is off by default: no key, SQS-managed and DynamoDB-owned encryption', () => {
    template.resourceCountIs('AWS::KMS::Key', 0);
    expect(JSON.stringify(template.findResources('AWS::DynamoDB::Table'))).not.toContain('KMSMasterKeyId');
  });

  it('is one key, rotated, and kept when the stack is deleted (the retained table and secrets need it)', () => {
    encrypted.template.resourceCountIs('AWS::KMS::Key', 1);
    encrypted.template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ EnableKeyRotation: true }),
    });
  });

  it('encrypts the table', () => {
    encrypted.template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn },
    });
  });

  it('encrypts both queues', () => {
    const queues = Object.values(resourcesOfType(encrypted.template, 'AWS::SQS::Queue'));
    expect(queues).toHaveLength(2);
    for (const queue of queues) expect(queue.Properties?.KmsMasterKeyId).toEqual(keyArn);
  });

  it('encrypts every log group, and lets CloudWatch Logs use it for this account and region only', () => {
    const groups = Object.values(resourcesOfType(encrypted.template, 'AWS::Logs::LogGroup'));
    expect(groups).toHaveLength(6);
    for (const group of groups) expect(group.Properties?.KmsKeyId).toEqual(keyArn);
    encrypted.template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudWatchLogs',
            Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('refuses grants to anything but AWS services acting for a resource', () => {
    encrypted.template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'DenyGrantsExceptForAwsServices',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'kms:CreateGrant',
            Resource: '*',
            Condition: {
              BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
            },
          },
        ]),
      },
    });
  });

  it('encrypts the secrets the stack creates', () => {
    const secrets = Object.values(resourcesOfType(encrypted.template, 'AWS::SecretsManager::Secret'));
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(secret.Properties?.KmsKeyId).toEqual(keyArn);
  });
});
