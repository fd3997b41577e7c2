import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BUNDLING_STACKS } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import type { GatewayConfig } from '../../../lambdas/shared/config/load.js';
import type { GatewayConfigInput } from '../../../lambdas/shared/config/schema.js';
import { parseConfig } from '../../../lambdas/shared/config/validate.js';
import { GatewayStack } from '../../../lib/gateway-stack.js';

export const STACK_NAME = 'GatewayUnderTest';

/**
 * Two tenants, a custom secret name and one JWT secret shared by two sources, and non-default
 * numbers everywhere, so each assertion can only pass if the stack reads the config.
 */
export const INFRA_INPUT: GatewayConfigInput = {
  sources: [
    {
      id: 'stripe-acme',
      tenant: 'acme',
      scheme: 'stripe',
      actions: [{ type: 'forward', url: 'https://acme.example/hooks', jwtSecretName: 'acme/forward-jwt' }],
    },
    {
      id: 'github-acme',
      tenant: 'acme',
      scheme: 'github',
      secretName: 'custom/github-signing',
      actions: [{ type: 'forward', url: 'https://acme.example/gh', jwtSecretName: 'acme/forward-jwt' }],
    },
    { id: 'shop', scheme: 'shopify' },
  ],
  retry: { maxReceiveCount: 4, baseDelaySeconds: 2, maxDelaySeconds: 900 },
  worker: { batchSize: 5, maxConcurrency: 7, timeoutSeconds: 30 },
  api: { throttlingRateLimit: 50, throttlingBurstLimit: 80, maxQueueAgeSeconds: 900 },
  observability: {
    logLevel: 'WARN',
    logRetentionDays: 14,
    alarmEmail: 'oncall@example.com',
    oldestMessageAgeAlarmSeconds: 300,
  },
};

/** The infra config with some fields replaced, loaded for a stack name as `bin/app.ts` does. */
export function infraConfig(
  overrides: Partial<GatewayConfigInput> = {},
  stackName: string = STACK_NAME,
): GatewayConfig {
  return parseConfig({ ...INFRA_INPUT, ...overrides }, 'infra test config', { stackName });
}

export const INFRA_CONFIG: GatewayConfig = infraConfig();

/** A fresh app whose stacks are synthesized without bundling (fast; bundling has its own test). */
export function unbundledApp(): App {
  return new App({ context: { [BUNDLING_STACKS]: [] } });
}

export function synthGateway(
  config: GatewayConfig = INFRA_CONFIG,
  stackName: string = STACK_NAME,
): {
  stack: GatewayStack;
  template: Template;
} {
  const stack = new GatewayStack(unbundledApp(), stackName, { config });
  return { stack, template: Template.fromStack(stack) };
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** The template's resources of one type, by logical id. */
export function resourcesOfType(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** The logical id of a construct's CloudFormation resource. */
export function logicalId(construct: IConstruct): string {
  const element = construct instanceof CfnElement ? construct : construct.node.defaultChild;
  if (!(element instanceof CfnElement))
    throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(element).getLogicalId(element);
}

export interface Statement {
  readonly actions: readonly string[];
  readonly resources: readonly unknown[];
}

/** Every statement of the policies attached to a role, actions sorted, resources as a list. */
export function roleStatements(template: Template, roleLogicalId: string): Statement[] {
  const policies = Object.values(resourcesOfType(template, 'AWS::IAM::Policy')).filter((policy) =>
    JSON.stringify(policy.Properties?.Roles).includes(`"${roleLogicalId}"`),
  );
  return policies.flatMap((policy) => {
    const document = policy.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] };
    return document.Statement.map((statement) => ({
      actions: [statement.Action].flat().map(String).sort(),
      resources: [statement.Resource].flat(),
    }));
  });
}
