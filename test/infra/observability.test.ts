import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { REJECT_REASONS } from '../../lambdas/shared/observability/names.js';
import { RUNBOOK } from '../../lib/constructs/gateway-alarms.js';
import { PROJECT_ROOT } from '../../lib/paths.js';
import { INFRA_INPUT, infraConfig, logicalId, resourcesOfType, synthGateway } from './support/synth.js';

const { stack, template } = synthGateway();
const alarms = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm')).map(
  (alarm) => alarm.Properties ?? {},
);
const dashboards = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Dashboard'));
const dashboardBody = JSON.stringify(dashboards[0]?.Properties?.DashboardBody);
const topicRef = { Ref: logicalId(stack.node.findChild('Alarms').node.findChild('Topic')) };
const alarmOn = (metricName: string) => {
  const found = alarms.filter((alarm) => alarm.MetricName === metricName);
  expect(found).toHaveLength(1);
  return found[0] ?? {};
};

describe('alarms', () => {
  it('notify the alarm topic on alarm and on recovery', () => {
    expect(alarms.length).toBe(8);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([topicRef]);
      expect(alarm.OKActions).toEqual([topicRef]);
    }
  });

  it('link README runbook sections that exist', () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    // GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.
    const anchors = [...readme.matchAll(/^#+ (.+)$/gm)].map((match) =>
      (match[1] ?? '')
        .toLowerCase()
        .replace(/[^a-z0-9 -]/g, '')
        .replace(/ /g, '-'),
    );
    for (const link of Object.values(RUNBOOK)) expect(anchors).toContain(link.replace('README.md#', ''));
  });

  it('each say what to do and link a README runbook section', () => {
    // Eight alarms: the loop below must not pass on an empty list.
    expect(alarms).toHaveLength(8);
    for (const alarm of alarms) {
      expect(alarm.AlarmDescription).toMatch(/See README\.md#runbook-[a-z0-9-]+$/);
    }
  });

  it('fire as soon as one message is in the dead-letter queue', () => {
    expect(alarmOn('ApproximateNumberOfMessagesVisible')).toMatchObject({
      Namespace: 'AWS/SQS',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalId(stack.pipeline.deadLetterQueue), 'QueueName'] },
        },
      ],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmDescription: expect.stringContaining('README.md#runbook-the-dlq-alarm-fired'),
    });
  });

  it('fire when the oldest queued message is older than observability.oldestMessageAgeAlarmSeconds', () => {
    expect(alarmOn('ApproximateAgeOfOldestMessage')).toMatchObject({
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack.pipeline.queue), 'QueueName'] } },
      ],
      Threshold: 300,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('watch API 5XX responses and ingest and worker function errors', () => {
    expect(alarmOn('5XXError')).toMatchObject({ Namespace: 'AWS/ApiGateway', Statistic: 'Sum' });
    const errors = alarms.filter((alarm) => alarm.MetricName === 'Errors');
    expect(errors.map((alarm) => alarm.Dimensions)).toEqual([
      [{ Name: 'FunctionName', Value: { Ref: logicalId(stack.functions.ingest.function) } }],
      [{ Name: 'FunctionName', Value: { Ref: logicalId(stack.functions.worker.function) } }],
    ]);
  });

  it('fire when the worker crashes or times out even once in 5 minutes', () => {
    const workerErrors = alarms.find(
      (alarm) =>
        alarm.MetricName === 'Errors' &&
        JSON.stringify(alarm.Dimensions).includes(logicalId(stack.functions.worker.function)),
    );
    expect(workerErrors).toMatchObject({
      Namespace: 'AWS/Lambda',
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmDescription: expect.stringContaining('README.md#runbook-the-worker-crashed-or-timed-out'),
    });
  });

  it('fire on a spike of signature rejections', () => {
    expect(alarmOn('Rejected')).toMatchObject({
      Namespace: 'GatewayUnderTest',
      Dimensions: [
        { Name: 'reason', Value: 'signature' },
        { Name: 'service', Value: 'GatewayUnderTest' },
      ],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 10,
    });
  });

  it('fire when the worker is throttled', () => {
    expect(alarmOn('Throttles')).toMatchObject({
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(stack.functions.worker.function) } }],
      Threshold: 1,
    });
  });

  it('fire when the previous signing key is still used in 12 of the last 24 hours', () => {
    expect(alarmOn('SignatureVerified')).toMatchObject({
      Namespace: 'GatewayUnderTest',
      Dimensions: [
        { Name: 'key', Value: 'previous' },
        { Name: 'service', Value: 'GatewayUnderTest' },
      ],
      Period: 3600,
      EvaluationPeriods: 24,
      DatapointsToAlarm: 12,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });
});

describe('alarm topic', () => {
  it('subscribes observability.alarmEmail', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
      TopicArn: topicRef,
    });
  });

  it('lets CloudWatch alarms of this account publish, besides refusing plain HTTP', () => {
    const policies = Object.values(resourcesOfType(template, 'AWS::SNS::TopicPolicy'));
    expect(policies).toHaveLength(1);
    const document = policies[0]?.Properties?.PolicyDocument as { Statement: unknown[] } | undefined;
    const statements = document?.Statement;
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
        {
          Sid: 'AllowCloudWatchAlarms',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: topicRef,
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnLike: {
              'aws:SourceArn': {
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    { Ref: 'AWS::Partition' },
                    ':cloudwatch:',
                    { Ref: 'AWS::Region' },
                    ':',
                    { Ref: 'AWS::AccountId' },
                    ':alarm:*',
                  ],
                ],
              },
            },
          },
        },
      ]),
    );
    expect(policies[0]?.Properties?.Topics).toEqual([topicRef]);
  });

  it('warns at synth that nobody will be told when observability.alarmEmail is missing', () => {
    const { observability } = INFRA_INPUT;
    const silent = synthGateway(infraConfig({ observability: { ...observability, alarmEmail: undefined } }));
    Annotations.fromStack(silent.stack).hasWarning(
      '/GatewayUnderTest/Alarms',
      Match.stringLikeRegexp('observability.alarmEmail is not set.*nobody will be told'),
    );
    silent.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('does not warn when someone is subscribed', () => {
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('alarmEmail'));
  });
});

describe('dashboard', () => {
  it('is one dashboard named after the stack', () => {
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]?.Properties?.DashboardName).toBe('GatewayUnderTest');
  });

  it.each([
    'Accepted',
    'Duplicate',
    'Conflict',
    'Rejected',
    'SignatureVerified',
    'Succeeded',
    'Retried',
    'DeadLettered',
    'EndToEndLatency',
  ])('graphs the gateway metric %s in the namespace named after the stack', (metricName) => {
    expect(dashboardBody).toContain(`\\"GatewayUnderTest\\",\\"${metricName}\\"`);
  });

  it('uses the WebhookGateway namespace and webhook-gateway service under the default stack name', () => {
    const { template: defaultTemplate } = synthGateway(infraConfig({}, 'WebhookGateway'), 'WebhookGateway');
    const body = JSON.stringify(
      Object.values(resourcesOfType(defaultTemplate, 'AWS::CloudWatch::Dashboard'))[0]?.Properties
        ?.DashboardBody,
    );
    expect(body).toContain('\\"WebhookGateway\\",\\"Accepted\\",\\"service\\",\\"webhook-gateway\\"');
  });

  it('graphs rejections by every reason the ingest counts and signature verifications by key', () => {
    expect(REJECT_REASONS.length).toBeGreaterThan(5);
    for (const reason of REJECT_REASONS) {
      expect(dashboardBody).toContain(`\\"Rejected\\",\\"reason\\",\\"${reason}\\"`);
    }
    expect(dashboardBody).toContain('\\"SignatureVerified\\",\\"key\\",\\"previous\\"');
    expect(dashboardBody).toContain('\\"SignatureVerified\\",\\"key\\",\\"current\\"');
  });

  it('graphs end-to-end latency at p50, p95 and p99', () => {
    for (const stat of ['p50', 'p95', 'p99']) {
      expect(dashboardBody).toMatch(new RegExp(`EndToEndLatency[^\\]]*\\\\"stat\\\\":\\\\"${stat}\\\\"`));
    }
  });

  it('graphs queue depth and age, DLQ depth, Lambda errors/throttles/duration and API 4XX/5XX/latency', () => {
    for (const metricName of [
      'ApproximateNumberOfMessagesVisible',
      'ApproximateAgeOfOldestMessage',
      'Errors',
      'Throttles',
      'Duration',
      '4XXError',
      '5XXError',
      'Latency',
    ]) {
      expect(dashboardBody).toContain(`\\"${metricName}\\"`);
    }
  });
});
