import { type App, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { GatewayStack } from '../../lib/gateway-stack.js';
import { acknowledgments } from './support/acknowledgments.js';
import { INFRA_CONFIG, infraConfig, logicalId, STACK_NAME, unbundledApp } from './support/synth.js';
import { reportedViolations } from './support/validation-report.js';

function checkedGateway(): { app: App; stack: GatewayStack } {
  const app = unbundledApp();
  const stack = new GatewayStack(app, STACK_NAME, { config: INFRA_CONFIG });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

describe('cdk-nag AwsSolutions checks', () => {
  it('leave no unacknowledged finding on the gateway stack', () => {
    const { app } = checkedGateway();
    // Nothing reported at all, not even what cdk-nag only warns about.
    expect(reportedViolations(app.synth().directory)).toEqual([]);
  });

  it('fail synthesis on a finding nobody acknowledged', () => {
    const { app, stack } = checkedGateway();
    new sqs.Queue(stack, 'StrayQueue', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
  });

  it('acknowledge only the expected rules, each with a reason', () => {
    const found = acknowledgments(checkedGateway().app).filter((each) => each.id.startsWith('AwsSolutions-'));
    expect([...new Set(found.map((each) => each.id.replace(/\[.*$/, '')))].sort()).toEqual([
      'AwsSolutions-APIG2',
      'AwsSolutions-APIG3',
      'AwsSolutions-APIG4',
      'AwsSolutions-COG4',
      'AwsSolutions-IAM4',
      'AwsSolutions-IAM5',
      'AwsSolutions-S1',
      'AwsSolutions-SMG4',
      'AwsSolutions-SNS2',
    ]);
    for (const each of found) expect(each.reason.length, `${each.path} ${each.id}`).toBeGreaterThan(40);
  });

  it('need no API Gateway logging role acknowledgement when the account keeps its own', () => {
    const app = unbundledApp();
    new GatewayStack(app, STACK_NAME, {
      config: infraConfig({ deployment: { apiGatewayCloudWatchRole: false } }),
    });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
    expect(
      acknowledgments(app).filter((each) => each.id.includes('AmazonAPIGatewayPushToCloudWatchLogs')),
    ).toEqual([]);
  });

  it('pass with every deployment option on, acknowledging APIG3 no more once the WAF is attached', () => {
    const app = unbundledApp();
    const config = infraConfig({
      deployment: {
        customerManagedKey: true,
        table: { capacity: 'provisioned' },
        ingestReservedConcurrency: 10,
        waf: { sourceAllowlists: { shop: ['23.227.38.0/24'] } },
        customDomain: {
          domainName: 'hooks.example.com',
          certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
          hostedZone: { id: 'Z0123456789', name: 'example.com' },
        },
      },
    });
    new GatewayStack(app, STACK_NAME, { config });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
    expect(acknowledgments(app).map((each) => each.id)).not.toContain('AwsSolutions-APIG3');
  });

  it('acknowledge wildcard resources only for X-Ray and for the body objects of ingest and the worker', () => {
    const { app, stack } = checkedGateway();
    const wildcards = acknowledgments(app).filter((each) => each.id.startsWith('AwsSolutions-IAM5'));
    const bodies = `AwsSolutions-IAM5[Resource::<${logicalId(stack.bodies.bucket)}.Arn>/bodies/*]`;
    expect(new Set(wildcards.map((each) => each.id))).toEqual(
      new Set(['AwsSolutions-IAM5[Resource::*]', bodies]),
    );
    for (const each of wildcards.filter(({ id }) => id === 'AwsSolutions-IAM5[Resource::*]'))
      expect(each.reason).toMatch(/X-Ray/);
    expect(wildcards.filter(({ id }) => id === bodies).map((each) => each.path)).toEqual([
      stack.functions.ingest.role.node.path,
      stack.functions.worker.role.node.path,
    ]);
  });
});
