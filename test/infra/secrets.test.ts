import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { bundledConfigJson } from '../../lambdas/shared/config/bundled.js';
import { tenantStatusSecretName } from '../../lambdas/shared/config/load.js';
import { parseConfig } from '../../lambdas/shared/config/validate.js';
import { GatewayStack } from '../../lib/gateway-stack.js';
import {
  INFRA_CONFIG,
  infraConfig,
  logicalId,
  resourcesOfType,
  roleStatements,
  synthGateway,
  unbundledApp,
} from './support/synth.js';

const { template } = synthGateway();
const secretResources = Object.values(resourcesOfType(template, 'AWS::SecretsManager::Secret'));
const secrets = secretResources.map((secret) => secret.Properties ?? {});
const byName = (name: string) => secrets.filter((secret) => secret.Name === name);
/** `{Ref}` to the secret the template creates under this name. */
const secretRef = (stackTemplate: Template, name: string) => {
  const found = Object.entries(resourcesOfType(stackTemplate, 'AWS::SecretsManager::Secret')).find(
    ([, secret]) => secret.Properties?.Name === name,
  );
  if (found === undefined) throw new Error(`no secret named ${name}`);
  return { Ref: found[0] };
};
const namesIn = (stackTemplate: Template) =>
  Object.values(resourcesOfType(stackTemplate, 'AWS::SecretsManager::Secret'))
    .map((secret) => String(secret.Properties?.Name))
    .sort();

describe('secrets for the operator to fill', () => {
  it('creates one secret per distinct name, named after the stack: sources, tenant status tokens, forward JWT keys', () => {
    expect(secrets.map((secret) => secret.Name).sort()).toEqual([
      'GatewayUnderTest/acme/status',
      'GatewayUnderTest/acme/stripe-acme',
      'GatewayUnderTest/default/shop',
      'GatewayUnderTest/default/status',
      'acme/forward-jwt',
      'custom/github-signing',
    ]);
  });

  it('names them webhook-gateway/<tenant>/<id> under the default stack name', () => {
    const { template: defaultTemplate } = synthGateway(infraConfig({}, 'WebhookGateway'), 'WebhookGateway');
    expect(namesIn(defaultTemplate)).toEqual([
      'acme/forward-jwt',
      'custom/github-signing',
      'webhook-gateway/acme/status',
      'webhook-gateway/acme/stripe-acme',
      'webhook-gateway/default/shop',
      'webhook-gateway/default/status',
    ]);
  });

  it('defaults the forward JWT secret to <stack>/<tenant>/forward', () => {
    const config = infraConfig({
      sources: [
        {
          id: 'a',
          tenant: 'acme',
          scheme: 'github',
          actions: [{ type: 'forward', url: 'https://x.example/' }],
        },
      ],
    });
    expect(namesIn(synthGateway(config).template)).toContain('GatewayUnderTest/acme/forward');
  });

  it('lets two gateways share an account and region without a common secret name', () => {
    const app = unbundledApp();
    const first = new GatewayStack(app, 'GatewayBlue', {
      config: infraConfig({ sources: [{ id: 'shop', scheme: 'shopify' }] }, 'GatewayBlue'),
    });
    const second = new GatewayStack(app, 'GatewayGreen', {
      config: infraConfig({ sources: [{ id: 'shop', scheme: 'shopify' }] }, 'GatewayGreen'),
    });
    const blue = namesIn(Template.fromStack(first));
    const green = namesIn(Template.fromStack(second));
    expect(blue).toEqual(['GatewayBlue/default/shop', 'GatewayBlue/default/status']);
    expect(green.filter((name) => blue.includes(name))).toEqual([]);
  });

  it('refuses a config whose default names were resolved for another stack', () => {
    expect(() => new GatewayStack(unbundledApp(), 'OtherGateway', { config: INFRA_CONFIG })).toThrow(
      'start with "GatewayUnderTest/" but this stack\'s start with "OtherGateway/"',
    );
  });

  it('bundles the resolved names into the functions, so they read what the stack created', () => {
    // The functions parse the bundled JSON without knowing the stack's name.
    const runtime = parseConfig(JSON.parse(bundledConfigJson(INFRA_CONFIG)), 'bundled config');
    expect(runtime.sources.map((source) => source.secretName)).toEqual([
      'GatewayUnderTest/acme/stripe-acme',
      'custom/github-signing',
      'GatewayUnderTest/default/shop',
    ]);
    expect(tenantStatusSecretName(runtime, 'acme')).toBe('GatewayUnderTest/acme/status');
    expect(tenantStatusSecretName(runtime, 'default')).toBe('GatewayUnderTest/default/status');
  });

  it('leaves what only the stack reads out of the functions', () => {
    expect(Object.keys(JSON.parse(bundledConfigJson(INFRA_CONFIG)))).not.toContain('deployment');
  });
});

describe('values the operator set', () => {
  it('survive cdk destroy: every created secret is retained', () => {
    expect(secretResources.length).toBeGreaterThan(0);
    for (const secret of secretResources) {
      expect(secret).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  // CloudFormation generates a new value over the operator's whenever GenerateSecretString changes:
  // these settings must never change (nor may a SecretString appear, which would overwrite it).
  it.each([
    ['GatewayUnderTest/acme/stripe-acme', 'signingSecret'],
    ['custom/github-signing', 'signingSecret'],
    ['acme/forward-jwt', 'signingSecret'],
    ['GatewayUnderTest/default/status', 'token'],
  ])('are never regenerated: %s keeps the same generator template', (name, key) => {
    const [secret] = byName(name);
    expect(secret?.GenerateSecretString).toEqual({
      SecretStringTemplate: '{}',
      GenerateStringKey: key,
      ExcludePunctuation: true,
      PasswordLength: 48,
    });
    expect(secret?.SecretString).toBeUndefined();
  });
});

describe('secrets that already exist', () => {
  const existingArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:vendors/github-AbC123';
  const config = infraConfig({
    sources: [
      {
        id: 'stripe-acme',
        tenant: 'acme',
        scheme: 'stripe',
        secretName: 'vendors/stripe',
        existingSecret: true,
      },
      {
        id: 'github-acme',
        tenant: 'acme',
        scheme: 'github',
        secretName: existingArn,
        actions: [
          {
            type: 'forward',
            url: 'https://acme.example/gh',
            jwtSecretName: 'shared/jwt',
            existingJwtSecret: true,
          },
        ],
      },
      { id: 'shop', scheme: 'shopify', existingSecret: true },
    ],
    tenants: { acme: { statusSecretName: 'shared/acme-status', existingStatusSecret: true } },
  });
  const existing = synthGateway(config);
  const policyArn = (name: string) => ({
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        `:secretsmanager:`,
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        `:secret:${name}-??????`,
      ],
    ],
  });

  it('are never created: only the default tenant status secret is', () => {
    expect(namesIn(existing.template)).toEqual(['GatewayUnderTest/default/status']);
  });

  it('are read by name (any six-character suffix) or by exact ARN', () => {
    const ingest = roleStatements(existing.template, logicalId(existing.stack.functions.ingest.role));
    expect(
      ingest.find((statement) => statement.actions.includes('secretsmanager:GetSecretValue'))?.resources,
    ).toEqual([policyArn('vendors/stripe'), existingArn, policyArn('GatewayUnderTest/default/shop')]);
    const worker = roleStatements(existing.template, logicalId(existing.stack.functions.worker.role));
    expect(
      worker.find((statement) => statement.actions.includes('secretsmanager:GetSecretValue'))?.resources,
    ).toEqual([policyArn('shared/jwt')]);
    const status = roleStatements(existing.template, logicalId(existing.stack.functions.status.role));
    expect(
      status.find((statement) => statement.actions.includes('secretsmanager:GetSecretValue'))?.resources,
    ).toEqual([
      policyArn('shared/acme-status'),
      secretRef(existing.template, 'GatewayUnderTest/default/status'),
    ]);
  });

  it('are named to the functions as the config names them', () => {
    const runtime = parseConfig(JSON.parse(bundledConfigJson(config)), 'bundled config');
    expect(runtime.sources.map((source) => source.secretName)).toEqual([
      'vendors/stripe',
      existingArn,
      'GatewayUnderTest/default/shop',
    ]);
    expect(tenantStatusSecretName(runtime, 'acme')).toBe('shared/acme-status');
  });

  it('rejects a secret reference that is neither a name nor a complete ARN', () => {
    expect(() =>
      infraConfig({
        sources: [{ id: 'x', scheme: 'github', secretName: 'arn:aws:secretsmanager:eu-west-1:1:secret:x' }],
      }),
    ).toThrow(/sources\.0\.secretName: must be a secret name .* or a complete secret ARN/);
  });
});
