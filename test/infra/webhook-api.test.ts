import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { infraConfig, logicalId, resourcesOfType, synthGateway } from './support/synth.js';

const { stack, template } = synthGateway();

/** The method on the resource whose PathPart chain ends with `pathPart`. */
function methodOn(pathPart: string, httpMethod: string) {
  const resources = resourcesOfType(template, 'AWS::ApiGateway::Resource');
  const resourceIds = Object.entries(resources)
    .filter(([, resource]) => resource.Properties?.PathPart === pathPart)
    .map(([id]) => id);
  const methods = Object.values(resourcesOfType(template, 'AWS::ApiGateway::Method')).filter(
    (method) =>
      method.Properties?.HttpMethod === httpMethod &&
      resourceIds.some((id) => JSON.stringify(method.Properties?.ResourceId) === JSON.stringify({ Ref: id })),
  );
  expect(methods).toHaveLength(1);
  return methods[0]?.Properties ?? {};
}

describe('webhook REST API', () => {
  it('treats every media type as binary so the ingest function gets the exact bytes', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { BinaryMediaTypes: ['*/*'] });
  });

  it.each([
    { route: 'POST /webhooks/{sourceId}', resource: '{sourceId}', verb: 'POST', target: 'ingest' },
    {
      route: 'GET /events/{sourceId}/{idempotencyKey}',
      resource: '{idempotencyKey}',
      verb: 'GET',
      target: 'status',
    },
  ] as const)('sends $route to the $target function through a Lambda proxy integration', (row) => {
    const method = methodOn(row.resource, row.verb);
    const integration = method.Integration as Record<string, unknown>;
    expect(integration.Type).toBe('AWS_PROXY');
    // A mapping template would re-serialize the body and break signatures.
    expect(integration.RequestTemplates).toBeUndefined();
    expect(JSON.stringify(integration.Uri)).toContain(logicalId(stack.functions[row.target].function));
  });

  it('exposes exactly those two methods', () => {
    const methods = Object.values(resourcesOfType(template, 'AWS::ApiGateway::Method'));
    expect(methods.map((method) => method.Properties?.HttpMethod).sort()).toEqual(['GET', 'POST']);
  });

  it('throttles the stage at the configured rate and burst', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: 50,
          ThrottlingBurstLimit: 80,
        }),
      ]),
    });
  });

  it('traces the stage with X-Ray and never logs request data', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      TracingEnabled: true,
      MethodSettings: Match.arrayWith([Match.objectLike({ DataTraceEnabled: false, LoggingLevel: 'ERROR' })]),
    });
  });

  it('writes access logs to its own log group with the configured retention', () => {
    const logGroupId = logicalId(stack.api.accessLogs);
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': [logGroupId, 'Arn'] } },
    });
    expect(resourcesOfType(template, 'AWS::Logs::LogGroup')[logGroupId]?.Properties?.RetentionInDays).toBe(
      14,
    );
  });
});

describe('API naming', () => {
  it('names the REST API after the stack, so two gateways in a region have distinct ApiName metrics', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'GatewayUnderTest' });
  });
});

describe('Lambda invoke permissions', () => {
  it('name this account as SourceAccount besides the API as SourceArn', () => {
    const permissions = Object.values(resourcesOfType(template, 'AWS::Lambda::Permission')).filter(
      (permission) => permission.Properties?.Principal === 'apigateway.amazonaws.com',
    );
    expect(permissions.length).toBeGreaterThanOrEqual(2);
    for (const permission of permissions) {
      expect(permission.Properties).toMatchObject({
        SourceAccount: { Ref: 'AWS::AccountId' },
        SourceArn: expect.anything(),
      });
    }
  });
});

describe('account-wide API Gateway CloudWatch role', () => {
  it('is set by the stack by default, and kept when the stack is deleted', () => {
    template.resourceCountIs('AWS::ApiGateway::Account', 1);
    template.hasResource('AWS::ApiGateway::Account', { DeletionPolicy: 'Retain' });
  });

  it('is left alone with deployment.apiGatewayCloudWatchRole false (the account already has one)', () => {
    const withoutRole = synthGateway(infraConfig({ deployment: { apiGatewayCloudWatchRole: false } }));
    withoutRole.template.resourceCountIs('AWS::ApiGateway::Account', 0);
    const roles = Object.values(resourcesOfType(withoutRole.template, 'AWS::IAM::Role'));
    expect(JSON.stringify(roles)).not.toContain('AmazonAPIGatewayPushToCloudWatchLogs');
  });
});

describe('custom domain', () => {
  const certificateArn =
    'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
  const withDomain = synthGateway(
    infraConfig({
      deployment: {
        customDomain: {
          domainName: 'hooks.example.com',
          certificateArn,
          hostedZone: { id: 'Z0123456789ABCDEFGHIJ', name: 'example.com' },
        },
      },
    }),
  );

  it('serves the API on the domain with the given certificate, TLS 1.2 at least', () => {
    withDomain.template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'hooks.example.com',
      RegionalCertificateArn: certificateArn,
      EndpointConfiguration: { Types: ['REGIONAL'] },
      SecurityPolicy: 'TLS_1_2',
    });
    withDomain.template.hasResourceProperties('AWS::ApiGateway::BasePathMapping', {
      RestApiId: { Ref: logicalId(withDomain.stack.api.restApi ?? withDomain.stack) },
    });
  });

  it('adds a Route 53 alias in the given zone', () => {
    withDomain.template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'hooks.example.com.',
      Type: 'A',
      HostedZoneId: 'Z0123456789ABCDEFGHIJ',
      AliasTarget: Match.objectLike({ DNSName: Match.anyValue() }),
    });
  });

  it('gives vendors URLs on the domain, which outlive the API', () => {
    const outputs = withDomain.template.findOutputs('*');
    expect(outputs.ApiUrl?.Value).toBe('https://hooks.example.com/webhooks/');
    expect(outputs.StatusApiUrl?.Value).toBe('https://hooks.example.com/events/');
    expect(outputs.SourceShopWebhookUrl?.Value).toBe('https://hooks.example.com/webhooks/shop');
  });

  it('leaves DNS to the operator without a hosted zone, naming the target in an output', () => {
    const dnsElsewhere = synthGateway(
      infraConfig({ deployment: { customDomain: { domainName: 'hooks.example.com', certificateArn } } }),
    );
    dnsElsewhere.template.resourceCountIs('AWS::Route53::RecordSet', 0);
    expect(Object.keys(dnsElsewhere.template.findOutputs('*'))).toContain('CustomDomainTarget');
  });

  it('is absent by default', () => {
    template.resourceCountIs('AWS::ApiGateway::DomainName', 0);
  });

  it('rejects a domain outside the hosted zone', () => {
    expect(() =>
      infraConfig({
        deployment: {
          customDomain: {
            domainName: 'hooks.example.org',
            certificateArn,
            hostedZone: { id: 'Z01', name: 'example.com' },
          },
        },
      }),
    ).toThrow(/deployment\.customDomain\.domainName: domainName must be inside hostedZone\.name/);
  });
});

describe('AWS WAF web ACL', () => {
  const withWaf = synthGateway(
    infraConfig({
      deployment: {
        waf: {
          rateLimitPerIp: 1200,
          sourceAllowlists: {
            'github-acme': ['192.30.252.0/22', '2606:50c0::/32'],
            shop: ['23.227.38.0/24'],
          },
        },
      },
    }),
  );
  const acls = Object.values(resourcesOfType(withWaf.template, 'AWS::WAFv2::WebACL'));
  const rules = (acls[0]?.Properties?.Rules ?? []) as Record<string, unknown>[];
  const ipSets = resourcesOfType(withWaf.template, 'AWS::WAFv2::IPSet');
  const ipSetNamed = (addresses: string[]) => {
    const found = Object.entries(ipSets).find(
      ([, set]) => JSON.stringify(set.Properties?.Addresses) === JSON.stringify(addresses),
    );
    if (found === undefined) throw new Error(`no IP set ${addresses.join(',')}`);
    return { 'Fn::GetAtt': [found[0], 'Arn'] };
  };

  it('is absent by default', () => {
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
  });

  it('is a regional web ACL that allows by default and is attached to the stage', () => {
    expect(acls).toHaveLength(1);
    expect(acls[0]?.Properties).toMatchObject({ Scope: 'REGIONAL', DefaultAction: { Allow: {} } });
    withWaf.template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: { 'Fn::GetAtt': [logicalId(withWaf.stack.api.firewall?.webAcl ?? withWaf.stack), 'Arn'] },
    });
  });

  it('blocks a client IP above deployment.waf.rateLimitPerIp requests in 5 minutes', () => {
    expect(rules.find((rule) => rule.Name === 'rate-per-ip')).toMatchObject({
      Action: { Block: {} },
      Statement: { RateBasedStatement: { Limit: 1200, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
    });
  });

  it('blocks requests to an allowlisted source from outside its ranges, IPv4 and IPv6', () => {
    expect(rules.find((rule) => rule.Name === 'allowlist-github-acme')).toMatchObject({
      Action: { Block: {} },
      Statement: {
        AndStatement: {
          Statements: [
            {
              RegexMatchStatement: {
                FieldToMatch: { UriPath: {} },
                RegexString: '/webhooks/github-acme/?$',
                TextTransformations: [
                  { Priority: 0, Type: 'URL_DECODE' },
                  { Priority: 1, Type: 'NORMALIZE_PATH' },
                  { Priority: 2, Type: 'LOWERCASE' },
                ],
              },
            },
            {
              NotStatement: {
                Statement: {
                  OrStatement: {
                    Statements: [
                      { IPSetReferenceStatement: { Arn: ipSetNamed(['192.30.252.0/22']) } },
                      { IPSetReferenceStatement: { Arn: ipSetNamed(['2606:50c0::/32']) } },
                    ],
                  },
                },
              },
            },
          ],
        },
      },
    });
    expect(rules.find((rule) => rule.Name === 'allowlist-shop')).toMatchObject({
      Statement: {
        AndStatement: {
          Statements: [
            { RegexMatchStatement: { RegexString: '/webhooks/shop/?$' } },
            {
              NotStatement: {
                Statement: { IPSetReferenceStatement: { Arn: ipSetNamed(['23.227.38.0/24']) } },
              },
            },
          ],
        },
      },
    });
  });

  it('leaves sources without an allowlist open to any address', () => {
    expect(rules.map((rule) => rule.Name)).toEqual([
      'allowlist-github-acme',
      'allowlist-shop',
      'rate-per-ip',
    ]);
  });

  it('rejects an allowlist for a source that does not exist', () => {
    expect(() =>
      infraConfig({ deployment: { waf: { sourceAllowlists: { nope: ['10.0.0.0/8'] } } } }),
    ).toThrow(/deployment\.waf\.sourceAllowlists\.nope: no source has this id/);
  });
});
