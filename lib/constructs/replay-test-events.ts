import { Stack, Validations } from 'aws-cdk-lib';
import { CfnSchema } from 'aws-cdk-lib/aws-eventschemas';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** Where the Lambda console keeps shareable test events (one schema per function). */
export const TEST_EVENT_REGISTRY = 'lambda-testevent-schemas';

/** The console's naming convention for a function's shareable test events. */
export const testEventSchemaName = (functionName: string): string => `_${functionName}-schema`;

export interface ReplayTestEventsProps {
  /** The replay function's fixed name. */
  readonly functionName: string;
  /** A configured source id, used in the examples. */
  readonly exampleSourceId: string;
}

/** The replay request examples on-call picks from the console's Test tab. */
export function replayTestEvents(sourceId: string): Record<string, unknown> {
  return {
    'dry-run-dlq': { from: 'dlq', dryRun: true },
    'requeue-one-source': { from: 'dlq', dryRun: false, filter: { sourceId }, ratePerSecond: 10 },
    'requeue-event-ids': { from: 'store', dryRun: false, eventIds: [`${sourceId}:<idempotencyKey>`] },
  };
}

/** The OpenAPI 3 document the console reads: `components.examples.<name>.value` are the events. */
export function testEventSchemaDocument(sourceId: string): string {
  const examples = Object.fromEntries(
    Object.entries(replayTestEvents(sourceId)).map(([name, value]) => [name, { value }]),
  );
  return JSON.stringify({
    openapi: '3.0.0',
    info: { version: '1.0.0', title: 'ReplayRequest' },
    paths: {},
    components: {
      schemas: {
        ReplayRequest: {
          type: 'object',
          properties: {
            from: { type: 'string', enum: ['dlq', 'store'] },
            dryRun: { type: 'boolean' },
            filter: { type: 'object' },
            eventIds: { type: 'array', items: { type: 'string' } },
            maxEvents: { type: 'integer' },
            ratePerSecond: { type: 'number' },
          },
        },
      },
      examples,
    },
  });
}

/**
 * Ships the replay function's console test events (docs/architecture.md#replay-and-the-sweeper). The registry may already exist (the
 * console creates it on first use, or another stack did), so it is created by a custom resource that
 * ignores ConflictException and never deleted; the schema is this stack's own.
 */
export class ReplayTestEvents extends Construct {
  public readonly schema: CfnSchema;

  constructor(scope: Construct, id: string, props: ReplayTestEventsProps) {
    super(scope, id);
    const registryArn = Stack.of(this).formatArn({
      service: 'schemas',
      resource: 'registry',
      resourceName: TEST_EVENT_REGISTRY,
    });
    const createRegistry: cr.AwsSdkCall = {
      service: 'Schemas',
      action: 'createRegistry',
      parameters: {
        RegistryName: TEST_EVENT_REGISTRY,
        Description: 'Lambda console shareable test events',
      },
      physicalResourceId: cr.PhysicalResourceId.of(TEST_EVENT_REGISTRY),
      ignoreErrorCodesMatching: 'ConflictException',
    };
    const registry = new cr.AwsCustomResource(this, 'Registry', {
      onCreate: createRegistry,
      onUpdate: createRegistry,
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [registryArn] }),
      installLatestAwsSdk: false,
    });

    this.schema = new CfnSchema(this, 'Schema', {
      registryName: TEST_EVENT_REGISTRY,
      schemaName: testEventSchemaName(props.functionName),
      type: 'OpenApi3',
      description: 'Replay requests for on-call: dry run first, then requeue',
      content: testEventSchemaDocument(props.exampleSourceId),
    });
    this.schema.node.addDependency(registry);
  }
}

/** Findings on the custom resource's provider function, which aws-cdk-lib builds once per stack. */
export function acknowledgeCustomResourceProvider(stack: Stack): void {
  const id = `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replaceAll('-', '')}`;
  const provider = stack.node.tryFindChild(id);
  if (provider === undefined) return;
  Validations.of(provider).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      "aws-cdk-lib's AwsCustomResource provider function: its role is built and managed by aws-cdk-lib.",
  });
}
