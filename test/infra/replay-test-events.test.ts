import { describe, expect, it } from 'vitest';
import { resourcesOfType, synthGateway } from './support/synth.js';

const { template } = synthGateway();
const schemas = Object.entries(resourcesOfType(template, 'AWS::EventSchemas::Schema'));
const registries = Object.entries(resourcesOfType(template, 'Custom::AWS'));

describe('replay console test events', () => {
  it('files one OpenAPI 3 schema under the console convention _<functionName>-schema', () => {
    expect(schemas).toHaveLength(1);
    expect(schemas[0]?.[1].Properties).toMatchObject({
      RegistryName: 'lambda-testevent-schemas',
      SchemaName: '_GatewayUnderTest-replay-schema',
      Type: 'OpenApi3',
    });
  });

  it('carries the dry-run, requeue-one-source and requeue-event-ids examples as components.examples.<name>.value', () => {
    const document = JSON.parse(String(schemas[0]?.[1].Properties?.Content));
    expect(document.openapi).toBe('3.0.0');
    expect(document.components.examples).toEqual({
      'dry-run-dlq': { value: { from: 'dlq', dryRun: true } },
      'requeue-one-source': {
        value: { from: 'dlq', dryRun: false, filter: { sourceId: 'stripe-acme' }, ratePerSecond: 10 },
      },
      'requeue-event-ids': {
        value: { from: 'store', dryRun: false, eventIds: ['stripe-acme:<idempotencyKey>'] },
      },
    });
  });

  it('creates the registry through a custom resource that tolerates an existing one', () => {
    expect(registries).toHaveLength(1);
    const create = JSON.parse(String(registries[0]?.[1].Properties?.Create));
    expect(create).toMatchObject({
      service: 'Schemas',
      action: 'createRegistry',
      parameters: { RegistryName: 'lambda-testevent-schemas' },
      ignoreErrorCodesMatching: 'ConflictException',
    });
  });

  it('never declares the registry as a plain CloudFormation resource', () => {
    template.resourceCountIs('AWS::EventSchemas::Registry', 0);
  });

  it('creates the schema only after the registry exists', () => {
    const [schemaId] = schemas[0] ?? [];
    const [registryId] = registries[0] ?? [];
    expect(template.findResources('AWS::EventSchemas::Schema')[String(schemaId)]?.DependsOn).toContain(
      registryId,
    );
  });
});
