import { describe, expect, it } from 'vitest';
import type { GatewayFunction } from '../../lib/constructs/gateway-function.js';
import { logicalId, roleStatements, type Statement, synthGateway } from './support/synth.js';

const { stack, template } = synthGateway();
const arn = (construct: Parameters<typeof logicalId>[0]) => ({ 'Fn::GetAtt': [logicalId(construct), 'Arn'] });
const ref = (construct: Parameters<typeof logicalId>[0]) => ({ Ref: logicalId(construct) });
const secretNamed = (name: string) => {
  const secret = stack.secrets.node.tryFindChild(encodeURIComponent(name));
  if (secret === undefined) throw new Error(`no secret ${name}`);
  return ref(secret);
};
const statementsOf = (fn: GatewayFunction) => roleStatements(template, logicalId(fn.role));
const baseline = (fn: GatewayFunction): Statement[] => [
  { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [arn(fn.logGroup)] },
  { actions: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], resources: ['*'] },
];
const attentionIndexArn = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':dynamodb:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':table/',
      { Ref: logicalId(stack.events.table) },
      '/index/attention',
    ],
  ],
};

describe('ingest role', () => {
  it('may only write its log, trace, read/write table items, send to the queue, read source secrets and the queue age', () => {
    const { ingest } = stack.functions;
    expect(statementsOf(ingest)).toEqual([
      ...baseline(ingest),
      {
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [arn(stack.events.table)],
      },
      { actions: ['sqs:SendMessage'], resources: [arn(stack.pipeline.queue)] },
      {
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        resources: [
          secretNamed('webhook-gateway/acme/stripe-acme'),
          secretNamed('custom/github-signing'),
          secretNamed('webhook-gateway/default/shop'),
        ],
      },
      { actions: ['cloudwatch:GetMetricStatistics'], resources: ['*'] },
    ]);
  });
});

describe('status role', () => {
  it('may only read table items and the tenants status tokens', () => {
    const { status } = stack.functions;
    expect(statementsOf(status)).toEqual([
      ...baseline(status),
      { actions: ['dynamodb:GetItem'], resources: [arn(stack.events.table)] },
      {
        actions: ['secretsmanager:GetSecretValue'],
        resources: [
          secretNamed('webhook-gateway/acme/status'),
          secretNamed('webhook-gateway/default/status'),
        ],
      },
    ]);
  });
});

describe('worker role', () => {
  it('reads and writes table items, consumes the queue, sends to the DLQ and reads the JWT secret', () => {
    const { worker } = stack.functions;
    const consume = {
      actions: [
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
      ],
      resources: [arn(stack.pipeline.queue)],
    };
    expect(statementsOf(worker)).toEqual([
      ...baseline(worker),
      {
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [arn(stack.events.table)],
      },
      consume,
      { actions: ['sqs:SendMessage'], resources: [arn(stack.pipeline.deadLetterQueue)] },
      { actions: ['secretsmanager:GetSecretValue'], resources: [secretNamed('acme/forward-jwt')] },
    ]);
  });
});

describe('replay role', () => {
  it('reads and updates items, queries table and attention index, requeues, drains and re-sends to the DLQ', () => {
    const fn = stack.functions.replay;
    expect(statementsOf(fn)).toEqual([
      ...baseline(fn),
      { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resources: [arn(stack.events.table)] },
      { actions: ['dynamodb:Query'], resources: [arn(stack.events.table), attentionIndexArn] },
      { actions: ['sqs:SendMessage'], resources: [arn(stack.pipeline.queue)] },
      {
        actions: [
          'sqs:ChangeMessageVisibility',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
          'sqs:ReceiveMessage',
        ],
        resources: [arn(stack.pipeline.deadLetterQueue)],
      },
      { actions: ['sqs:SendMessage'], resources: [arn(stack.pipeline.deadLetterQueue)] },
    ]);
  });
});

describe('sweeper role', () => {
  it('reads and updates items, queries table and attention index, and requeues; nothing on the DLQ', () => {
    const fn = stack.functions.sweeper;
    expect(statementsOf(fn)).toEqual([
      ...baseline(fn),
      { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resources: [arn(stack.events.table)] },
      { actions: ['dynamodb:Query'], resources: [arn(stack.events.table), attentionIndexArn] },
      { actions: ['sqs:SendMessage'], resources: [arn(stack.pipeline.queue)] },
    ]);
  });
});

describe('function roles', () => {
  it('carry no AWS-managed policy', () => {
    for (const fn of Object.values(stack.functions)) {
      const role = template.findResources('AWS::IAM::Role')[logicalId(fn.role)];
      expect(role?.Properties?.ManagedPolicyArns).toBeUndefined();
    }
  });
});
