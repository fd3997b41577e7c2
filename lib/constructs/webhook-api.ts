import { Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { GatewayConfig } from '../../lambdas/shared/config/load.js';
import { retentionDays } from './log-retention.js';

export interface WebhookApiProps {
  readonly config: GatewayConfig;
  /** Handles `POST /webhooks/{sourceId}`. */
  readonly ingestFunction: IFunction;
  /** Handles `GET /events/{sourceId}/{idempotencyKey}`. */
  readonly statusFunction: IFunction;
  /**
   * @default 'v1'
   */
  readonly stageName?: string;
}

const NO_AUTHORIZER_REASON =
  'Callers are vendors signing each request with a shared secret (HMAC, verified in the ingest function) and status clients presenting a per-tenant bearer token checked in the status function; API Gateway authorizers cannot verify either.';

const { AccessLogField: F } = apigateway;

/** One JSON line per request: who, which route and source, outcome and timings; never headers or bodies. */
const ACCESS_LOG_FIELDS = {
  requestId: F.contextRequestId(),
  requestTime: F.contextRequestTime(),
  sourceIp: F.contextIdentitySourceIp(),
  userAgent: F.contextIdentityUserAgent(),
  httpMethod: F.contextHttpMethod(),
  resourcePath: F.contextResourcePath(),
  path: F.contextPath(),
  status: F.contextStatus(),
  responseLength: F.contextResponseLength(),
  responseLatency: F.contextResponseLatency(),
  integrationLatency: F.contextIntegrationLatency(),
  integrationError: F.contextIntegrationErrorMessage(),
  errorMessage: F.contextErrorMessage(),
  xrayTraceId: F.contextXrayTraceId(),
};

/**
 * The public REST API. Lambda proxy integrations only (a mapping template would re-serialize the body
 * and break signatures), every media type treated as binary so the function gets the exact bytes,
 * stage throttling from the config, access and error logs, X-Ray tracing.
 */
export class WebhookApi extends Construct {
  public readonly api: apigateway.RestApi;
  public readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: WebhookApiProps) {
    super(scope, id);
    const { api: limits, observability } = props.config;

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: retentionDays(observability.logRetentionDays),
    });

    this.api = new apigateway.RestApi(this, 'Api', {
      description: 'webhook-gateway: vendor webhooks in, event status out',
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      binaryMediaTypes: ['*/*'],
      // API Gateway logs to CloudWatch only through the account-wide role this creates (kept on delete).
      cloudWatchRole: true,
      deployOptions: {
        stageName: props.stageName ?? 'v1',
        throttlingRateLimit: limits.throttlingRateLimit,
        throttlingBurstLimit: limits.throttlingBurstLimit,
        tracingEnabled: true,
        // Errors only, and never request data: bodies and headers can hold secrets.
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    const proxy = (fn: IFunction) => new apigateway.LambdaIntegration(fn, { proxy: true });

    this.api.root
      .addResource('webhooks')
      .addResource('{sourceId}')
      .addMethod('POST', proxy(props.ingestFunction));
    this.api.root
      .addResource('events')
      .addResource('{sourceId}')
      .addResource('{idempotencyKey}')
      .addMethod('GET', proxy(props.statusFunction));

    Validations.of(this.api).acknowledge(
      { id: 'AwsSolutions-APIG4', reason: NO_AUTHORIZER_REASON },
      { id: 'AwsSolutions-COG4', reason: NO_AUTHORIZER_REASON },
      {
        id: 'AwsSolutions-APIG2',
        reason:
          'The body must reach the function byte-for-byte to verify its signature; it is parsed and validated there, after verification, and each route has only path parameters.',
      },
      {
        id: 'AwsSolutions-APIG3',
        reason:
          'Every request is authenticated in the function and the stage is throttled; a WAF web ACL is an optional, paid addition an operator can associate with the stage.',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          "API Gateway's account-level logging role: the AWS-managed policy is the documented way to let API Gateway write access and execution logs.",
      },
    );
  }

  /** The URL vendors POST to, followed by the source id. */
  public get webhookBaseUrl(): string {
    return this.api.urlForPath('/webhooks/');
  }

  /** The status API's base URL, followed by `<sourceId>/<idempotencyKey>`. */
  public get statusBaseUrl(): string {
    return this.api.urlForPath('/events/');
  }
}
