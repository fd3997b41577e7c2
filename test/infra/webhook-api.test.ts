import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { logicalId, resourcesOfType, synthGateway } from './support/synth.js';

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

  it('sends POST /webhooks/{sourceId} to the ingest function through a Lambda proxy integration', () => {
    const method = methodOn('{sourceId}', 'POST');
    const integration = method.Integration as Record<string, unknown>;
    expect(integration.Type).toBe('AWS_PROXY');
    expect(integration.RequestTemplates).toBeUndefined();
    expect(JSON.stringify(integration.Uri)).toContain(logicalId(stack.functions.ingest.function));
  });

  it('sends GET /events/{sourceId}/{idempotencyKey} to the status function through a Lambda proxy integration', () => {
    const method = methodOn('{idempotencyKey}', 'GET');
    const integration = method.Integration as Record<string, unknown>;
    expect(integration.Type).toBe('AWS_PROXY');
    expect(integration.RequestTemplates).toBeUndefined();
    expect(JSON.stringify(integration.Uri)).toContain(logicalId(stack.functions.status.function));
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
