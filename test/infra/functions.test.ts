import { describe, expect, it } from 'vitest';
import { INFRA_INPUT, infraConfig, logicalId, resourcesOfType, synthGateway } from './support/synth.js';

const { stack, template } = synthGateway();
const functions = resourcesOfType(template, 'AWS::Lambda::Function');
const gatewayFunctions = Object.entries(stack.functions);
const propertiesOf = (name: keyof typeof stack.functions) =>
  functions[logicalId(stack.functions[name].function)]?.Properties ?? {};

describe('gateway functions', () => {
  it('deploys five functions that run the gateway code', () => {
    const withServiceName = Object.values(functions).filter((fn) =>
      String(JSON.stringify(fn.Properties?.Environment)).includes(
        '"POWERTOOLS_SERVICE_NAME":"GatewayUnderTest"',
      ),
    );
    expect(withServiceName).toHaveLength(5);
  });

  it.each(gatewayFunctions)('runs %s on Node.js 24 on arm64 with active X-Ray tracing', (_name, fn) => {
    expect(functions[logicalId(fn.function)]?.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Handler: 'index.handler',
    });
  });

  it.each(gatewayFunctions)(
    'gives %s the resource names and Powertools settings, and no runtime source maps by default',
    (_name, fn) => {
      expect(functions[logicalId(fn.function)]?.Properties?.Environment).toEqual({
        Variables: {
          TABLE_NAME: { Ref: logicalId(stack.events.table) },
          QUEUE_URL: { Ref: logicalId(stack.pipeline.queue) },
          DLQ_URL: { Ref: logicalId(stack.pipeline.deadLetterQueue) },
          BODY_BUCKET: { Ref: logicalId(stack.bodies.bucket) },
          POWERTOOLS_SERVICE_NAME: 'GatewayUnderTest',
          POWERTOOLS_METRICS_NAMESPACE: 'GatewayUnderTest',
          POWERTOOLS_LOG_LEVEL: 'WARN',
        },
      });
    },
  );

  it('maps stack traces to the sources at run time when the config asks for it', () => {
    const observability = { ...INFRA_INPUT.observability, sourceMaps: true };
    const { stack: mapped, template: mappedTemplate } = synthGateway(infraConfig({ observability }));
    const worker = resourcesOfType(mappedTemplate, 'AWS::Lambda::Function')[
      logicalId(mapped.functions.worker.function)
    ];
    expect(worker?.Properties?.Environment).toMatchObject({
      Variables: { NODE_OPTIONS: '--enable-source-maps' },
    });
  });

  it.each(gatewayFunctions)('logs %s to its own log group kept for the configured 14 days', (_name, fn) => {
    const logGroupId = logicalId(fn.logGroup);
    expect(functions[logicalId(fn.function)]?.Properties?.LoggingConfig).toEqual({
      LogGroup: { Ref: logGroupId },
    });
    expect(resourcesOfType(template, 'AWS::Logs::LogGroup')[logGroupId]?.Properties?.RetentionInDays).toBe(
      14,
    );
  });

  it('turns X-Ray off on every function, its permissions and the stage when the config asks', () => {
    const observability = { ...INFRA_INPUT.observability, tracing: false };
    const { template: untraced } = synthGateway(infraConfig({ observability }));
    for (const fn of Object.values(resourcesOfType(untraced, 'AWS::Lambda::Function')))
      expect(fn.Properties?.TracingConfig).toBeUndefined();
    expect(JSON.stringify(resourcesOfType(untraced, 'AWS::IAM::Policy'))).not.toContain('xray:');
    const stages = Object.values(resourcesOfType(untraced, 'AWS::ApiGateway::Stage'));
    expect(stages).toHaveLength(1);
    expect(stages[0]?.Properties?.TracingEnabled).toBe(false);
  });

  it('gives the worker the configured timeout', () => {
    expect(propertiesOf('worker').Timeout).toBe(30);
  });

  it('gives the worker 256 MB by default and the others 512 MB', () => {
    expect(propertiesOf('worker').MemorySize).toBe(256);
    for (const name of ['ingest', 'status', 'replay', 'sweeper'] as const)
      expect(propertiesOf(name).MemorySize).toBe(512);
  });

  it('gives the worker the memory the config asks for', () => {
    const worker = { ...INFRA_INPUT.worker, memoryMB: 1024 };
    const { stack: sized, template: sizedTemplate } = synthGateway(infraConfig({ worker }));
    const fn = resourcesOfType(sizedTemplate, 'AWS::Lambda::Function')[
      logicalId(sized.functions.worker.function)
    ];
    expect(fn?.Properties?.MemorySize).toBe(1024);
  });

  it('names the replay function after the stack, for its console test events', () => {
    expect(propertiesOf('replay').FunctionName).toBe('GatewayUnderTest-replay');
  });

  it('keeps the local service and namespace names for a stack under the default name', () => {
    const defaultStack = synthGateway(infraConfig({}, 'WebhookGateway'), 'WebhookGateway');
    const variables = Object.values(resourcesOfType(defaultStack.template, 'AWS::Lambda::Function')).map(
      (fn) => (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables,
    );
    expect(variables.filter((each) => each?.POWERTOOLS_SERVICE_NAME !== undefined)).toHaveLength(5);
    for (const each of variables.filter((vars) => vars?.POWERTOOLS_SERVICE_NAME !== undefined)) {
      expect(each).toMatchObject({
        POWERTOOLS_SERVICE_NAME: 'webhook-gateway',
        POWERTOOLS_METRICS_NAMESPACE: 'WebhookGateway',
      });
    }
  });
});

describe('ingest concurrency', () => {
  it('reserves none by default: the ingest shares the unreserved pool', () => {
    expect(propertiesOf('ingest').ReservedConcurrentExecutions).toBeUndefined();
  });

  it('reserves deployment.ingestReservedConcurrency for the ingest function only', () => {
    const reserved = synthGateway(
      infraConfig({ deployment: { ingestReservedConcurrency: 25, accountConcurrencyLimit: 400 } }),
    );
    const fns = resourcesOfType(reserved.template, 'AWS::Lambda::Function');
    const reservedOf = (name: keyof typeof reserved.stack.functions) =>
      fns[logicalId(reserved.stack.functions[name].function)]?.Properties?.ReservedConcurrentExecutions;
    expect(reservedOf('ingest')).toBe(25);
    for (const name of ['status', 'worker', 'replay', 'sweeper'] as const)
      expect(reservedOf(name)).toBeUndefined();
  });
});

describe('worker event source mapping', () => {
  const mappings = Object.values(resourcesOfType(template, 'AWS::Lambda::EventSourceMapping'));

  it('feeds the worker from the FIFO queue in batches of worker.batchSize with partial failures', () => {
    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.pipeline.queue), 'Arn'] },
      FunctionName: { Ref: logicalId(stack.functions.worker.function) },
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 7 },
    });
  });

  it('has no batching window (FIFO sources allow none)', () => {
    expect(mappings[0]?.Properties?.MaximumBatchingWindowInSeconds).toBeUndefined();
  });
});

describe('sweeper schedule', () => {
  it('runs the sweeper every five minutes', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [
        { Arn: { 'Fn::GetAtt': [logicalId(stack.functions.sweeper.function), 'Arn'] }, Id: 'Target0' },
      ],
    });
  });
});

describe('outputs', () => {
  it('names the webhook base URL, queues, table, bodies bucket and dashboard', () => {
    expect(Object.keys(template.findOutputs('*'))).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'QueueUrl',
        'DeadLetterQueueUrl',
        'TableName',
        'BodyBucketName',
        'DashboardName',
      ]),
    );
  });

  it('give each source its webhook URL and the secret to fill', () => {
    const outputs = template.findOutputs('*');
    expect(JSON.stringify(outputs.SourceStripeAcmeWebhookUrl?.Value)).toMatch(
      /\/webhooks\/stripe-acme"\]\]\}$/,
    );
    expect(outputs.SourceStripeAcmeSecretName?.Value).toBe('GatewayUnderTest/acme/stripe-acme');
    expect(outputs.SourceGithubAcmeSecretName?.Value).toBe('custom/github-signing');
    expect(outputs.SourceShopSecretName?.Value).toBe('GatewayUnderTest/default/shop');
    expect(outputs.SourceShopWebhookUrl?.Description).toBe('Give this URL to the vendor of source shop');
  });

  it('keep outputs of source ids that spell alike apart', () => {
    const alike = synthGateway(
      infraConfig({
        sources: [
          { id: 'a-b', scheme: 'github' },
          { id: 'a--b', scheme: 'github' },
        ],
      }),
    );
    const ids = Object.keys(alike.template.findOutputs('*')).filter((id) => id.endsWith('WebhookUrl'));
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });

  it('gives the webhook base URL ending in /webhooks/', () => {
    const value = JSON.stringify(template.findOutputs('ApiUrl').ApiUrl?.Value);
    expect(value).toMatch(/\/webhooks\/"\]\]\}$/);
  });
});
