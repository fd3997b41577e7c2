import { describe, expect, it } from 'vitest';
import { infraConfig, logicalId, resourcesOfType, synthGateway } from './support/synth.js';

const onDemand = synthGateway();
const provisioned = synthGateway(
  infraConfig({
    deployment: {
      table: {
        capacity: 'provisioned',
        readUnits: { min: 3, max: 40 },
        writeUnits: { min: 4, max: 60 },
        targetUtilizationPercent: 55,
      },
    },
  }),
);
const tableOf = (gateway: ReturnType<typeof synthGateway>) =>
  resourcesOfType(gateway.template, 'AWS::DynamoDB::Table')[logicalId(gateway.stack.events.table)];

/** Each scalable target by dimension: its range and what it scales. */
const scalableTargets = (gateway: ReturnType<typeof synthGateway>) =>
  Object.fromEntries(
    Object.values(resourcesOfType(gateway.template, 'AWS::ApplicationAutoScaling::ScalableTarget')).map(
      (target) => [
        String(target.Properties?.ScalableDimension),
        {
          min: target.Properties?.MinCapacity,
          max: target.Properties?.MaxCapacity,
          resourceId: target.Properties?.ResourceId,
        },
      ],
    ),
  );

describe('events table capacity (deployment.table)', () => {
  it('is on demand by default, with no capacity and nothing scaling it', () => {
    expect(tableOf(onDemand)?.Properties?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(tableOf(onDemand)?.Properties?.ProvisionedThroughput).toBeUndefined();
    expect(JSON.stringify(tableOf(onDemand)?.Properties?.GlobalSecondaryIndexes)).not.toContain(
      'ProvisionedThroughput',
    );
    onDemand.template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
  });

  it('provisioned: starts the table and the attention index at the minimum read and write units', () => {
    const properties = tableOf(provisioned)?.Properties;
    expect(properties?.BillingMode).toBe('PROVISIONED');
    expect(properties?.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 3, WriteCapacityUnits: 4 });
    expect(properties?.GlobalSecondaryIndexes).toEqual([
      expect.objectContaining({
        IndexName: 'attention',
        ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 4 },
      }),
    ]);
  });

  it('provisioned: scales reads and writes of the table and of the attention index within the configured ranges', () => {
    const table = { Ref: logicalId(provisioned.stack.events.table) };
    const onTable = { 'Fn::Join': ['', ['table/', table]] };
    const onIndex = { 'Fn::Join': ['', ['table/', table, '/index/attention']] };
    expect(scalableTargets(provisioned)).toEqual({
      'dynamodb:table:ReadCapacityUnits': { min: 3, max: 40, resourceId: onTable },
      'dynamodb:table:WriteCapacityUnits': { min: 4, max: 60, resourceId: onTable },
      'dynamodb:index:ReadCapacityUnits': { min: 3, max: 40, resourceId: onIndex },
      'dynamodb:index:WriteCapacityUnits': { min: 4, max: 60, resourceId: onIndex },
    });
  });

  it('provisioned: tracks 55 % utilization on each of the four, reads and writes by their own metric', () => {
    const policies = Object.values(
      resourcesOfType(provisioned.template, 'AWS::ApplicationAutoScaling::ScalingPolicy'),
    ).map((policy) => policy.Properties?.TargetTrackingScalingPolicyConfiguration);
    expect(policies).toHaveLength(4);
    const byMetric = (metric: string) =>
      policies.filter((each) => JSON.stringify(each).includes(`"PredefinedMetricType":"${metric}"`));
    for (const metric of ['DynamoDBReadCapacityUtilization', 'DynamoDBWriteCapacityUtilization']) {
      expect(byMetric(metric)).toEqual([
        { PredefinedMetricSpecification: { PredefinedMetricType: metric }, TargetValue: 55 },
        { PredefinedMetricSpecification: { PredefinedMetricType: metric }, TargetValue: 55 },
      ]);
    }
  });

  it('provisioned: scales through the DynamoDB service-linked role, creating no role of its own', () => {
    const roleArns = Object.values(
      resourcesOfType(provisioned.template, 'AWS::ApplicationAutoScaling::ScalableTarget'),
    ).map((target) => JSON.stringify(target.Properties?.RoleARN));
    expect(roleArns).toHaveLength(4);
    for (const roleArn of roleArns) {
      expect(roleArn).toContain(
        'role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable',
      );
    }
    expect(Object.keys(resourcesOfType(provisioned.template, 'AWS::IAM::Role'))).toEqual(
      Object.keys(resourcesOfType(onDemand.template, 'AWS::IAM::Role')),
    );
  });

  it('switches billing on the same table: its logical id and retention do not depend on the mode', () => {
    expect(logicalId(provisioned.stack.events.table)).toBe(logicalId(onDemand.stack.events.table));
    provisioned.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });
});
