import { describe, expect, it } from 'vitest';
import type { GatewayFunction } from '../../lib/constructs/gateway-function.js';
import { infraConfig, logicalId, roleStatements, type Statement, synthGateway } from './support/synth.js';

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
/** `<bucket ARN>/bodies/*`: every body object, nothing else in the bucket. */
const bodyObjects = () => ({
  'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(stack.bodies.bucket), 'Arn'] }, '/bodies/*']],
});
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

/** Each role's actions, deduplicated and sorted: a widening shows up here in review. */
const actionsByRole = (gateway: ReturnType<typeof synthGateway>) =>
  Object.fromEntries(
    Object.entries(gateway.stack.functions).map(([name, fn]) => [
      name,
      [
        ...new Set(roleStatements(gateway.template, logicalId(fn.role)).flatMap((each) => each.actions)),
      ].sort(),
    ]),
  );
const LOGS_AND_TRACES = [
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
];
/** Reads of the record and its status item, writes of either. */
const EVENT_ITEMS = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
const EXPECTED_ACTIONS: Record<string, string[]> = {
  ingest: [
    ...EVENT_ITEMS,
    's3:PutObject',
    'secretsmanager:GetSecretValue',
    'sqs:SendMessage',
    ...LOGS_AND_TRACES,
  ].sort(),
  status: [
    'dynamodb:BatchGetItem',
    'dynamodb:GetItem',
    'secretsmanager:GetSecretValue',
    ...LOGS_AND_TRACES,
  ].sort(),
  worker: [
    ...EVENT_ITEMS,
    's3:GetObject',
    'secretsmanager:GetSecretValue',
    'sqs:ChangeMessageVisibility',
    'sqs:DeleteMessage',
    'sqs:GetQueueAttributes',
    'sqs:ReceiveMessage',
    'sqs:SendMessage',
    ...LOGS_AND_TRACES,
  ].sort(),
  replay: [
    ...EVENT_ITEMS,
    'dynamodb:Query',
    'sqs:ChangeMessageVisibility',
    'sqs:DeleteMessage',
    'sqs:ReceiveMessage',
    'sqs:SendMessage',
    ...LOGS_AND_TRACES,
  ].sort(),
  sweeper: [...EVENT_ITEMS, 'dynamodb:Query', 'sqs:SendMessage', ...LOGS_AND_TRACES].sort(),
};

describe('function roles, action by action', () => {
  it('allow each function only the calls its code makes', () => {
    expect(actionsByRole({ stack, template })).toEqual(EXPECTED_ACTIONS);
  });

  it('add exactly the key uses each role needs when the customer managed key is on', () => {
    const encrypted = synthGateway(infraConfig({ deployment: { customerManagedKey: true } }));
    const keyActions: Record<string, string[]> = {
      // writes the table and bodies, sends to the queue, reads its secrets
      ingest: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
      status: ['kms:Decrypt', 'kms:DescribeKey'],
      worker: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
      replay: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
      sweeper: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
    };
    const expected = Object.fromEntries(
      Object.entries(EXPECTED_ACTIONS).map(([name, actions]) => [
        name,
        [...actions, ...(keyActions[name] ?? [])].sort(),
      ]),
    );
    expect(actionsByRole(encrypted)).toEqual(expected);
    const keyArn = { 'Fn::GetAtt': [logicalId(encrypted.stack.key?.key ?? encrypted.stack), 'Arn'] };
    for (const fn of Object.values(encrypted.stack.functions)) {
      const keyStatements = roleStatements(encrypted.template, logicalId(fn.role)).filter((each) =>
        each.actions.some((action) => action.startsWith('kms:')),
      );
      expect(keyStatements.map((each) => each.resources)).toEqual([[keyArn]]);
    }
  });
});

describe('ingest role', () => {
  it('may only write its log, trace, read/write table items (events and source lag marks), write bodies, send to the queue and read source secrets', () => {
    const { ingest } = stack.functions;
    expect(statementsOf(ingest)).toEqual([
      ...baseline(ingest),
      { actions: EVENT_ITEMS, resources: [arn(stack.events.table)] },
      { actions: ['s3:PutObject'], resources: [bodyObjects()] },
      { actions: ['sqs:SendMessage'], resources: [arn(stack.pipeline.queue)] },
      {
        actions: ['secretsmanager:GetSecretValue'],
        resources: [
          secretNamed('GatewayUnderTest/acme/stripe-acme'),
          secretNamed('custom/github-signing'),
          secretNamed('GatewayUnderTest/default/shop'),
        ],
      },
    ]);
  });
});

describe('status role', () => {
  it('may only read table items and the tenants status tokens', () => {
    const { status } = stack.functions;
    expect(statementsOf(status)).toEqual([
      ...baseline(status),
      {
        actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'],
        resources: [arn(stack.events.table)],
      },
      {
        actions: ['secretsmanager:GetSecretValue'],
        resources: [
          secretNamed('GatewayUnderTest/acme/status'),
          secretNamed('GatewayUnderTest/default/status'),
        ],
      },
    ]);
  });
});

describe('worker role', () => {
  it('reads and writes table items, reads bodies, consumes the queue, sends to the DLQ and reads the JWT secret', () => {
    const { worker } = stack.functions;
    const consume = {
      actions: [
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:ReceiveMessage',
      ],
      resources: [arn(stack.pipeline.queue)],
    };
    expect(statementsOf(worker)).toEqual([
      ...baseline(worker),
      { actions: EVENT_ITEMS, resources: [arn(stack.events.table)] },
      { actions: ['s3:GetObject'], resources: [bodyObjects()] },
      consume,
      { actions: ['sqs:SendMessage'], resources: [arn(stack.pipeline.deadLetterQueue)] },
      { actions: ['secretsmanager:GetSecretValue'], resources: [secretNamed('acme/forward-jwt')] },
    ]);
  });
});

/** What replay and the sweeper both do: read and write items, query the attention index, requeue. */
const requeueStatements = () => [
  { actions: EVENT_ITEMS, resources: [arn(stack.events.table)] },
  { actions: ['dynamodb:Query'], resources: [attentionIndexArn] },
  { actions: ['sqs:SendMessage'], resources: [arn(stack.pipeline.queue)] },
];

describe('replay role', () => {
  it('reads and writes items, queries the attention index, requeues, drains and re-sends to the DLQ', () => {
    const fn = stack.functions.replay;
    expect(statementsOf(fn)).toEqual([
      ...baseline(fn),
      ...requeueStatements(),
      {
        actions: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:ReceiveMessage'],
        resources: [arn(stack.pipeline.deadLetterQueue)],
      },
      { actions: ['sqs:SendMessage'], resources: [arn(stack.pipeline.deadLetterQueue)] },
    ]);
  });
});

describe('sweeper role', () => {
  it('reads and writes items, queries the attention index, and requeues; nothing on the DLQ nor the bodies', () => {
    const fn = stack.functions.sweeper;
    expect(statementsOf(fn)).toEqual([...baseline(fn), ...requeueStatements()]);
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
