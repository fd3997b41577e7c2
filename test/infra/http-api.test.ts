import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { Validations } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GatewayConfigInput } from '../../lambdas/shared/config/schema.js';
import { GatewayStack } from '../../lib/gateway-stack.js';
import { acknowledgments } from './support/acknowledgments.js';
import {
  INFRA_INPUT,
  infraConfig,
  logicalId,
  resourcesOfType,
  STACK_NAME,
  synthGateway,
  unbundledApp,
} from './support/synth.js';

const HTTP_API = { ...INFRA_INPUT.api, type: 'http' } satisfies GatewayConfigInput['api'];
const CERTIFICATE_ARN = 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

const httpConfig = (deployment: GatewayConfigInput['deployment'] = {}) =>
  infraConfig({ api: HTTP_API, deployment });

const { stack, template } = synthGateway(httpConfig());
const apiRef = { Ref: logicalId(stack.api.httpApi?.api ?? stack) };

const properties = (found: Template, type: string) =>
  Object.values(resourcesOfType(found, type)).map((resource) => resource.Properties ?? {});

/** The integration a route key's route targets. */
function integrationOf(routeKey: string): Record<string, unknown> {
  const route = properties(template, 'AWS::ApiGatewayV2::Route').find((each) => each.RouteKey === routeKey);
  const target = JSON.stringify(route?.Target);
  const found = Object.entries(resourcesOfType(template, 'AWS::ApiGatewayV2::Integration')).filter(([id]) =>
    target.includes(`"${id}"`),
  );
  expect(found).toHaveLength(1);
  return found[0]?.[1].Properties ?? {};
}

describe('HTTP API (api.type "http")', () => {
  it('replaces the REST API, and sets no account-wide logging role (an HTTP API needs none)', () => {
    expect(properties(template, 'AWS::ApiGatewayV2::Api')).toEqual([
      expect.objectContaining({ ProtocolType: 'HTTP', Name: STACK_NAME }),
    ]);
    template.resourceCountIs('AWS::ApiGateway::RestApi', 0);
    template.resourceCountIs('AWS::ApiGateway::Account', 0);
    expect(JSON.stringify(template.toJSON())).not.toContain('AmazonAPIGatewayPushToCloudWatchLogs');
  });

  it.each([
    { routeKey: 'POST /webhooks/{sourceId}', target: 'ingest' },
    { routeKey: 'GET /events/{sourceId}/{idempotencyKey}', target: 'status' },
  ] as const)('sends $routeKey to the $target function, payload format 2.0, body untouched', (row) => {
    const integration = integrationOf(row.routeKey);

    expect(integration).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    expect(JSON.stringify(integration.IntegrationUri)).toContain(
      logicalId(stack.functions[row.target].function),
    );
    // A parameter mapping or template would be the only way to alter the request on its way.
    expect(integration.RequestParameters).toBeUndefined();
    expect(integration.RequestTemplates).toBeUndefined();
  });

  it('has exactly those two routes and no default route, so any other request is answered 404', () => {
    expect(
      properties(template, 'AWS::ApiGatewayV2::Route')
        .map((route) => route.RouteKey)
        .sort(),
    ).toEqual(['GET /events/{sourceId}/{idempotencyKey}', 'POST /webhooks/{sourceId}']);
    expect(properties(template, 'AWS::ApiGatewayV2::Api')[0]?.Target).toBeUndefined();
  });

  it('throttles stage v1 at the configured rate and burst, and deploys route changes by itself', () => {
    expect(properties(template, 'AWS::ApiGatewayV2::Stage')).toEqual([
      expect.objectContaining({
        ApiId: apiRef,
        StageName: 'v1',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 80 },
      }),
    ]);
  });

  it("logs the REST stage's access log fields, bar the WAF and X-Ray ones, to a log delivery group with the configured retention", () => {
    const logGroupId = logicalId(stack.api.accessLogs);
    const settings = properties(template, 'AWS::ApiGatewayV2::Stage')[0]?.AccessLogSettings as {
      DestinationArn: unknown;
      Format: string;
    };
    const rest = synthGateway(infraConfig());
    const restFormat = properties(rest.template, 'AWS::ApiGateway::Stage')[0]?.AccessLogSetting as {
      Format: string;
    };
    const restFields = Object.keys(JSON.parse(restFormat.Format));

    expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] });
    const fields = JSON.parse(settings.Format) as Record<string, string>;
    expect(Object.keys(fields).sort()).toEqual(
      [
        ...restFields.filter((field) => !['resourcePath', 'wafResponseCode', 'xrayTraceId'].includes(field)),
        'routeKey',
      ].sort(),
    );
    expect(fields.routeKey).toBe('$context.routeKey');
    expect(settings.Format).not.toMatch(/header|body/i);
    expect(resourcesOfType(template, 'AWS::Logs::LogGroup')[logGroupId]?.Properties).toMatchObject({
      LogGroupName: `/aws/vendedlogs/apigateway/${STACK_NAME}/access`,
      RetentionInDays: 14,
    });
  });

  it('names the access log group after the stack, so two gateways in a region never share one', () => {
    const other = synthGateway(infraConfig({ api: HTTP_API }, 'Staging'), 'Staging');
    expect(properties(other.template, 'AWS::Logs::LogGroup').map((group) => group.LogGroupName)).toContain(
      '/aws/vendedlogs/apigateway/Staging/access',
    );
  });

  it('lets API Gateway invoke each function only for its route on this API, from this account', () => {
    const permissions = properties(template, 'AWS::Lambda::Permission').filter(
      (permission) => permission.Principal === 'apigateway.amazonaws.com',
    );
    expect(permissions).toHaveLength(2);
    for (const permission of permissions) {
      expect(permission.SourceAccount).toEqual({ Ref: 'AWS::AccountId' });
      expect(JSON.stringify(permission.SourceArn)).toContain(JSON.stringify(apiRef));
    }
  });

  it('puts the stage URL in the same outputs as the REST API', () => {
    const outputs = template.findOutputs('*');
    const url = (name: string) => JSON.stringify(outputs[name]?.Value);

    expect(url('ApiUrl')).toContain(JSON.stringify(apiRef));
    expect(url('ApiUrl')).toMatch(/\/v1\/webhooks\/"\]\]\}$/);
    expect(url('StatusApiUrl')).toMatch(/\/v1\/events\/"\]\]\}$/);
    expect(url('SourceShopWebhookUrl')).toMatch(/\/v1\/webhooks\/shop"\]\]\}$/);
  });

  it('alarms on the HTTP API metric 5xx by ApiId and Stage', () => {
    const alarms = properties(template, 'AWS::CloudWatch::Alarm').filter(
      (alarm) => alarm.Namespace === 'AWS/ApiGateway',
    );

    expect(alarms).toEqual([
      expect.objectContaining({
        MetricName: '5xx',
        Statistic: 'Sum',
        Period: 300,
        Dimensions: [
          { Name: 'ApiId', Value: apiRef },
          { Name: 'Stage', Value: 'v1' },
        ],
      }),
    ]);
  });

  it('graphs 4xx, 5xx and Latency of the HTTP API stage on the dashboard', () => {
    const body = JSON.stringify(properties(template, 'AWS::CloudWatch::Dashboard')[0]?.DashboardBody);
    for (const metric of ['4xx', '5xx', 'Latency']) {
      expect(body).toContain(`\\"AWS/ApiGateway\\",\\"${metric}\\",\\"ApiId\\",\\"`);
    }
    expect(body).not.toContain('5XXError');
  });

  it('has no AWS WAF, and a config asking for one is refused', () => {
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
    expect(() => httpConfig({ waf: { rateLimitPerIp: 1000 } })).toThrow(
      /deployment\.waf: AWS WAF cannot protect an HTTP API/,
    );
  });
});

describe('HTTP API custom domain', () => {
  const withDomain = synthGateway(
    httpConfig({
      customDomain: {
        domainName: 'hooks.example.com',
        certificateArn: CERTIFICATE_ARN,
        hostedZone: { id: 'Z0123456789ABCDEFGHIJ', name: 'example.com' },
      },
    }),
  );
  const domainId = logicalId(withDomain.stack.api.httpApi?.domain ?? withDomain.stack);

  it('serves the API on the domain with the given certificate, TLS 1.2 at least, mapped at the root', () => {
    expect(properties(withDomain.template, 'AWS::ApiGatewayV2::DomainName')).toEqual([
      expect.objectContaining({
        DomainName: 'hooks.example.com',
        DomainNameConfigurations: [
          { CertificateArn: CERTIFICATE_ARN, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' },
        ],
      }),
    ]);
    expect(properties(withDomain.template, 'AWS::ApiGatewayV2::ApiMapping')).toEqual([
      {
        ApiId: { Ref: logicalId(withDomain.stack.api.httpApi?.api ?? withDomain.stack) },
        DomainName: { Ref: domainId },
        Stage: 'v1',
      },
    ]);
    withDomain.template.resourceCountIs('AWS::ApiGateway::DomainName', 0);
  });

  it("adds a Route 53 alias to the domain's regional endpoint in the given zone", () => {
    withDomain.template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'hooks.example.com.',
      Type: 'A',
      HostedZoneId: 'Z0123456789ABCDEFGHIJ',
      AliasTarget: {
        DNSName: { 'Fn::GetAtt': [domainId, 'RegionalDomainName'] },
        HostedZoneId: { 'Fn::GetAtt': [domainId, 'RegionalHostedZoneId'] },
      },
    });
  });

  it('gives vendors URLs on the domain', () => {
    const outputs = withDomain.template.findOutputs('*');
    expect(outputs.ApiUrl?.Value).toBe('https://hooks.example.com/webhooks/');
    expect(outputs.StatusApiUrl?.Value).toBe('https://hooks.example.com/events/');
    expect(outputs.SourceShopWebhookUrl?.Value).toBe('https://hooks.example.com/webhooks/shop');
  });

  it('leaves DNS to the operator without a hosted zone, naming the target in an output', () => {
    const dnsElsewhere = synthGateway(
      httpConfig({ customDomain: { domainName: 'hooks.example.com', certificateArn: CERTIFICATE_ARN } }),
    );
    const target = logicalId(dnsElsewhere.stack.api.httpApi?.domain ?? dnsElsewhere.stack);

    dnsElsewhere.template.resourceCountIs('AWS::Route53::RecordSet', 0);
    expect(dnsElsewhere.template.findOutputs('*').CustomDomainTarget?.Value).toEqual({
      'Fn::GetAtt': [target, 'RegionalDomainName'],
    });
  });

  it('is absent by default', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 0);
    expect(Object.keys(template.findOutputs('*'))).not.toContain('CustomDomainTarget');
  });
});

describe('HTTP API rule checks', () => {
  // cdk-nag and Control Tower's rules (cfn-guard, about ten seconds) on every option an HTTP API allows.
  let checked: GatewayStack;
  let synthError: unknown;

  beforeAll(() => {
    const app = unbundledApp();
    checked = new GatewayStack(app, STACK_NAME, {
      config: httpConfig({
        customerManagedKey: true,
        customDomain: {
          domainName: 'hooks.example.com',
          certificateArn: CERTIFICATE_ARN,
          hostedZone: { id: 'Z0123456789', name: 'example.com' },
        },
      }),
    });
    Validations.of(app).addPlugins(
      new AwsSolutionsChecks(app),
      new CfnGuardValidator({ controlTowerRulesEnabled: true }),
    );
    try {
      app.synth();
    } catch (error) {
      synthError = error;
    }
  }, 180_000);

  it('leave no unacknowledged cdk-nag or Control Tower finding', () => {
    expect(synthError).toBeUndefined();
  });

  it('acknowledge on the HTTP API only the missing authorizer, with the reason why', () => {
    const api = checked.api.httpApi?.api;
    const found = acknowledgments(checked.api).filter((each) => each.path === api?.node.path);
    expect([...new Set(found.map((each) => each.id))].sort()).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-COG4',
      'cdk-validator-cfnguard::api_gw_v2_authorization_type_configured_check',
    ]);
    for (const each of found) expect(each.reason).toMatch(/HMAC.*bearer token/);
  });
});
