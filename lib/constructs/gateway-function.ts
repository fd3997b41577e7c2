import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Architecture, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { GatewayConfig } from '../../lambdas/shared/config/load.js';
import { DEFAULT_STACK_NAME } from '../../lambdas/shared/config/load.js';
import { LOCK_FILE, PROJECT_ROOT } from '../paths.js';
import { FUNCTION_RUNTIME, gatewayBundling } from './bundling.js';
import { type MetricNames, metricNamesFor } from './gateway-metrics.js';
import { retentionDays } from './log-retention.js';

export interface GatewayFunctionProps {
  /** Absolute path of the handler file (exports `handler`). */
  readonly entry: string;
  /** The validated config: bundled into the function and read for log level and retention. */
  readonly config: GatewayConfig;
  /** What the function does, shown in the console. */
  readonly description: string;
  /**
   * Variables naming the resources the function uses (table, queues).
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * @default DEFAULT_MEMORY_MB
   */
  readonly memorySize?: number;
  /**
   * A fixed name, for functions something outside the stack refers to by name.
   * @default - a name CloudFormation generates
   */
  readonly functionName?: string;
  /**
   * Powertools' metrics namespace and service name, given to the function as its variables.
   * @default - the default stack's names
   */
  readonly metricNames?: MetricNames;
  /**
   * Encrypts the log group (the key's policy must let CloudWatch Logs use it).
   * @default - CloudWatch Logs' own encryption
   */
  readonly logEncryptionKey?: kms.IKey;
  /**
   * Executions reserved for this function alone (and its ceiling).
   * @default - none: the function shares the account's unreserved pool
   */
  readonly reservedConcurrentExecutions?: number;
}

/** Every function's memory but the worker's (`worker.memoryMB`). */
export const DEFAULT_MEMORY_MB = 512;

/** What `observability.sourceMaps` sets on every function. */
export const SOURCE_MAPS_NODE_OPTIONS = '--enable-source-maps';

/**
 * The one way the gateway builds a function: Node.js 24 on arm64, bundled with the local esbuild
 * (AWS SDK included, config defined in, source maps shipped), X-Ray tracing unless the config turns
 * it off, and its own log group with the configured retention. Its role starts with only the right to write to that log group; callers add
 * the rest with the resources' grant methods.
 */
export class GatewayFunction extends Construct implements iam.IGrantable {
  public readonly function: NodejsFunction;
  public readonly logGroup: LogGroup;
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: GatewayFunctionProps) {
    super(scope, id);
    const { observability } = props.config;
    const names = props.metricNames ?? metricNamesFor(DEFAULT_STACK_NAME);

    // Deleted with the stack: the logs are operational, not the record (the table is).
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: retentionDays(observability.logRetentionDays),
      removalPolicy: RemovalPolicy.DESTROY,
      ...(props.logEncryptionKey === undefined ? {} : { encryptionKey: props.logEncryptionKey }),
    });

    // A role of our own instead of AWSLambdaBasicExecutionRole: writing to its one log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: LOCK_FILE,
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      timeout: props.timeout ?? Duration.seconds(10),
      memorySize: props.memorySize ?? DEFAULT_MEMORY_MB,
      description: props.description,
      ...(props.functionName === undefined ? {} : { functionName: props.functionName }),
      ...(props.reservedConcurrentExecutions === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      role: this.role,
      logGroup: this.logGroup,
      tracing: observability.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      bundling: gatewayBundling(props.config),
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: names.service,
        POWERTOOLS_METRICS_NAMESPACE: names.namespace,
        POWERTOOLS_LOG_LEVEL: observability.logLevel,
        // Mapping costs every cold start; off by default, the shipped .map files decode a trace later.
        ...(observability.sourceMaps ? { NODE_OPTIONS: SOURCE_MAPS_NODE_OPTIONS } : {}),
      },
    });

    if (observability.tracing)
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray PutTraceSegments/PutTelemetryRecords (added by active tracing) support no resource-level permissions.',
      });
  }

  public get grantPrincipal(): iam.IPrincipal {
    return this.role;
  }
}
