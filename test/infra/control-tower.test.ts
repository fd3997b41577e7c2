import { join } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { type App, Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXEMPT_RULES } from '../../lib/control-tower.js';
import { GatewayStack } from '../../lib/gateway-stack.js';
import { PROJECT_ROOT } from '../../lib/paths.js';
import { acknowledgments } from './support/acknowledgments.js';
import { INFRA_CONFIG, INFRA_INPUT, infraConfig, STACK_NAME, unbundledApp } from './support/synth.js';
import { reportedViolations } from './support/validation-report.js';

/** What no config changes: no VPC, and the bodies bucket's controls that do not fit a claim-check. */
const DESIGN_CHOICES = [
  EXEMPT_RULES.lambdaInVpc,
  EXEMPT_RULES.bucketAccessLogs,
  EXEMPT_RULES.bucketNotifications,
  EXEMPT_RULES.bucketObjectLock,
  EXEMPT_RULES.bucketVersioning,
];

/** The Control Tower rules a construct under `stack` acknowledged. */
const guardAcknowledgments = (stack: Stack) =>
  acknowledgments(stack).filter(({ id }) => id.startsWith('cdk-validator-cfnguard::'));

const RULES = join(
  PROJECT_ROOT,
  'node_modules/@cdklabs/cdk-validator-cfnguard/rules/control-tower/cfn-guard',
);

// cfn-guard evaluates every Control Tower rule in about ten seconds: one synth checks both gateways.
let app: App;
let asTested: GatewayStack;
let hardened: GatewayStack;
let untraced: GatewayStack;
let synthError: unknown;
let violations: string[] = [];

beforeAll(() => {
  app = unbundledApp();
  asTested = new GatewayStack(app, STACK_NAME, { config: INFRA_CONFIG });
  // The key on, a year of logs and a known account: only the design choices are left to exempt.
  // Provisioned capacity adds the auto scaling resources to what the rules see.
  hardened = new GatewayStack(app, 'HardenedGateway', {
    env: { account: '123456789012', region: 'eu-west-1' },
    config: infraConfig(
      {
        observability: { ...INFRA_INPUT.observability, logRetentionDays: 365 },
        deployment: { customerManagedKey: true, table: { capacity: 'provisioned' } },
      },
      'HardenedGateway',
    ),
  });
  // Tracing turned off to save its cost: the REST stage no longer meets CT.APIGATEWAY.PR.2.
  untraced = new GatewayStack(app, 'UntracedGateway', {
    config: infraConfig(
      { observability: { ...INFRA_INPUT.observability, tracing: false } },
      'UntracedGateway',
    ),
  });
  Validations.of(app).addPlugins(new CfnGuardValidator({ controlTowerRulesEnabled: true }));
  try {
    violations = reportedViolations(app.synth().directory);
  } catch (error) {
    synthError = error;
  }
}, 180_000);

describe('AWS Control Tower proactive controls (cdk-validator-cfnguard)', () => {
  it('leave no unacknowledged finding, with the default options, every hardening option on or tracing off', () => {
    expect(synthError).toBeUndefined();
    expect(violations).toEqual([]);
  });

  it('exempt only the rules a design choice or an untaken opt-in leaves open, each with a reason', () => {
    const found = guardAcknowledgments(asTested);
    expect([...new Set(found.map((each) => each.id))].sort()).toEqual(
      [
        ...DESIGN_CHOICES,
        EXEMPT_RULES.bucketKms,
        EXEMPT_RULES.logGroupKms,
        EXEMPT_RULES.logRetentionYear,
        EXEMPT_RULES.permissionSourceAccount,
        EXEMPT_RULES.tableKms,
      ].sort(),
    );
    for (const each of found) expect(each.reason.length, `${each.path} ${each.id}`).toBeGreaterThan(40);
  });

  it('exempt only the design choices once the key, a year of logs and the account are set', () => {
    const found = guardAcknowledgments(hardened);
    expect([...new Set(found.map((each) => each.id))].sort()).toEqual([...DESIGN_CHOICES].sort());
    // Every function (the five of the gateway and aws-cdk-lib's custom resource provider) for the
    // VPC rule, and the bodies bucket for each of its four.
    expect(found.filter((each) => each.id === EXEMPT_RULES.lambdaInVpc)).toHaveLength(6);
    expect(found.filter((each) => each.id !== EXEMPT_RULES.lambdaInVpc).map((each) => each.path)).toEqual(
      Array(4).fill(hardened.bodies.bucket.node.defaultChild?.node.path),
    );
  });

  it('exempt the REST stage from the X-Ray rule only while the config turns tracing off, saying how to meet it', () => {
    const tracingRule = (stack: Stack) =>
      guardAcknowledgments(stack).filter((each) => each.id === EXEMPT_RULES.restStageTracing);
    expect(tracingRule(asTested)).toEqual([]);
    const [exemption, ...others] = tracingRule(untraced);
    expect(others).toEqual([]);
    expect(exemption?.path).toBe(untraced.api.restApi?.deploymentStage.node.defaultChild?.node.path);
    expect(exemption?.reason).toMatch(/observability\.tracing/);
  });

  it('fail synthesis on a finding nobody acknowledged', () => {
    const strayApp = unbundledApp();
    new sqs.Queue(new Stack(strayApp, 'Stray'), 'QueueWithoutDlq');
    Validations.of(strayApp).addPlugins(
      new CfnGuardValidator({
        controlTowerRulesEnabled: false,
        rules: [join(RULES, 'sqs/ct-sqs-pr-1.guard')],
      }),
    );
    expect(() => strayApp.synth()).toThrow(/CT\.SQS\.PR\.1/);
  });
});
