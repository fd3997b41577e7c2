import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { ApiGatewayDomain } from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import type { GatewayConfig } from '../../lambdas/shared/config/load.js';
import { domainAlias } from './domain-alias.js';
import { HttpWebhookApi, httpAccessLogGroupName, NO_AUTHORIZER_REASON } from './http-webhook-api.js';
import { retentionDays } from './log-retention.js';
import { WebhookFirewall } from './webhook-firewall.js';

export interface WebhookApiProps {
  readonly config: GatewayConfig;
  /** Handles `POST /webhooks/{sourceId}`. */
  readonly ingestFunction: lambda.IFunction;
  /** Handles `GET /events/{sourceId}/{idempotencyKey}`. */
  readonly statusFunction: lambda.IFunction;
  /**
   * The API's name, shown in the console; a REST API's metrics carry it as their `ApiName` dimension.
   * @default - the stack's name
   */
  readonly apiName?: string;
  /**
   * @default 'v1'
   */
  readonly stageName?: string;
  /**
   * Encrypts the access log group (the key's policy must let CloudWatch Logs use it).
   * @default - CloudWatch Logs' own encryption
   */
  readonly logEncryptionKey?: kms.IKey;
}

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
  wafResponseCode: F.contextWafResponseCode(),
  xrayTraceId: F.contextXrayTraceId(),
};

/**
 * The stage metrics the alarms and the dashboard read; a REST API's `Stage` (`5XXError`, … by
 * `ApiName` and `Stage`) and an HTTP API's `HttpStage` (`5xx`, … by `ApiId` and `Stage`) both offer them.
 */
export type ApiStageMetrics = Pick<
  apigateway.Stage,
  'metricClientError' | 'metricServerError' | 'metricLatency'
>;

/**
 * The public API, as `api.type` says: a REST API (the default) or an HTTP API (`HttpWebhookApi`),
 * serving the same two routes through Lambda proxy integrations. Both get stage throttling from the
 * config, JSON access logs and the optional custom domain with a Route 53 alias
 * (`deployment.customDomain`).
 *
 * The REST API: no mapping template (it would re-serialize the body and break signatures), every
 * media type treated as binary so the function gets the exact bytes, error execution logs, X-Ray
 * tracing, and optionally an AWS WAF web ACL (`deployment.waf`).
 */
export class WebhookApi extends Construct {
  /** With `api.type` `rest`. */
  public readonly restApi: apigateway.RestApi | undefined;
  /** With `api.type` `http`. */
  public readonly httpApi: HttpWebhookApi | undefined;
  public readonly accessLogs: LogGroup;
  /** The serving stage's metrics, whichever the API type. */
  public readonly stageMetrics: ApiStageMetrics;
  /** Where the custom domain's DNS record must point; undefined without a custom domain. */
  public readonly customDomainTarget: string | undefined;
  /** Only on a REST API, with `deployment.waf`. */
  public readonly firewall: WebhookFirewall | undefined;
  private readonly customDomainName: string | undefined;
  private readonly stageUrl: (path: string) => string;

  constructor(scope: Construct, id: string, props: WebhookApiProps) {
    super(scope, id);
    const { api: limits, observability, deployment } = props.config;
    const stack = Stack.of(this);
    const apiName = props.apiName ?? stack.stackName;
    const stageName = props.stageName ?? 'v1';

    // Deleted with the stack like the functions' logs: operational, not the record (the table is).
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      ...(limits.type === 'http' ? { logGroupName: httpAccessLogGroupName(stack.stackName) } : {}),
      retention: retentionDays(observability.logRetentionDays),
      removalPolicy: RemovalPolicy.DESTROY,
      ...(props.logEncryptionKey === undefined ? {} : { encryptionKey: props.logEncryptionKey }),
    });

    const customDomain = deployment.customDomain;
    this.customDomainName = customDomain?.domainName;

    if (limits.type === 'http') {
      const http = new HttpWebhookApi(this, 'Http', {
        config: props.config,
        ingestFunction: props.ingestFunction,
        statusFunction: props.statusFunction,
        apiName,
        stageName,
        accessLogs: this.accessLogs,
      });
      this.httpApi = http;
      this.restApi = undefined;
      this.firewall = undefined;
      this.stageMetrics = http.stage;
      this.customDomainTarget = http.domain?.regionalDomainName;
      this.stageUrl = (path) => http.urlForPath(path);
      requireSourceAccount(http, stack);
      return;
    }

    const restApi = new apigateway.RestApi(this, 'Api', {
      restApiName: apiName,
      description: 'webhook-gateway: vendor webhooks in, event status out',
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      binaryMediaTypes: ['*/*'],
      // API Gateway logs to CloudWatch only through one role per account and region; this stack sets
      // it unless the account already has one (`deployment.apiGatewayCloudWatchRole`), and keeps it
      // on delete because other APIs in the account rely on it.
      cloudWatchRole: deployment.apiGatewayCloudWatchRole,
      deployOptions: {
        stageName,
        throttlingRateLimit: limits.throttlingRateLimit,
        throttlingBurstLimit: limits.throttlingBurstLimit,
        tracingEnabled: observability.tracing,
        // Errors only, and never request data: bodies and headers can hold secrets.
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
      ...(customDomain === undefined
        ? {}
        : {
            // Vendors keep this URL when the API is recreated: the root maps to the stage.
            domainName: {
              domainName: customDomain.domainName,
              certificate: acm.Certificate.fromCertificateArn(
                this,
                'Certificate',
                customDomain.certificateArn,
              ),
              endpointType: apigateway.EndpointType.REGIONAL,
              securityPolicy: apigateway.SecurityPolicy.TLS_1_2,
            },
          }),
    });
    this.restApi = restApi;
    this.httpApi = undefined;
    this.stageMetrics = restApi.deploymentStage;
    const domain = restApi.domainName;
    this.customDomainTarget = domain?.domainNameAliasDomainName;
    this.stageUrl = (path) => restApi.urlForPath(path);

    if (customDomain?.hostedZone !== undefined && domain !== undefined) {
      domainAlias(this, customDomain.hostedZone, customDomain.domainName, new ApiGatewayDomain(domain));
    }

    const proxy = (fn: lambda.IFunction) => new apigateway.LambdaIntegration(fn, { proxy: true });
    restApi.root
      .addResource('webhooks')
      .addResource('{sourceId}')
      .addMethod('POST', proxy(props.ingestFunction));
    restApi.root
      .addResource('events')
      .addResource('{sourceId}')
      .addResource('{idempotencyKey}')
      .addMethod('GET', proxy(props.statusFunction));

    requireSourceAccount(restApi, stack);

    this.firewall =
      deployment.waf === undefined
        ? undefined
        : new WebhookFirewall(this, 'Firewall', {
            stage: restApi.deploymentStage,
            metricPrefix: stack.stackName,
            rateLimitPerIp: deployment.waf.rateLimitPerIp,
            sourceAllowlists: deployment.waf.sourceAllowlists,
          });

    Validations.of(restApi).acknowledge(
      { id: 'AwsSolutions-APIG4', reason: NO_AUTHORIZER_REASON },
      { id: 'AwsSolutions-COG4', reason: NO_AUTHORIZER_REASON },
      {
        id: 'AwsSolutions-APIG2',
        reason:
          'The body must reach the function byte-for-byte to verify its signature; it is parsed and validated there, after verification, and each route has only path parameters.',
      },
    );
    if (this.firewall === undefined) {
      Validations.of(restApi).acknowledge({
        id: 'AwsSolutions-APIG3',
        reason:
          'Every request is authenticated in the function and the stage is throttled; the AWS WAF web ACL is an opt-in (deployment.waf) because it is paid per request.',
      });
    }
    if (deployment.apiGatewayCloudWatchRole) {
      Validations.of(restApi).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          "API Gateway's account-level logging role: the AWS-managed policy is the documented way to let API Gateway write access and execution logs.",
      });
    }
  }

  /** The URL vendors POST to, followed by the source id: on the custom domain when there is one. */
  public get webhookBaseUrl(): string {
    return this.customDomainName === undefined
      ? this.stageUrl('/webhooks/')
      : `https://${this.customDomainName}/webhooks/`;
  }

  /** The status API's base URL, followed by `<sourceId>/<idempotencyKey>`. */
  public get statusBaseUrl(): string {
    return this.customDomainName === undefined
      ? this.stageUrl('/events/')
      : `https://${this.customDomainName}/events/`;
  }
}

/**
 * The integrations' invoke permissions name the API in SourceArn; SourceAccount too, so each holds
 * only for this account's API Gateway (Control Tower's CT.LAMBDA.PR.2).
 */
function requireSourceAccount(api: Construct, stack: Stack): void {
  for (const permission of api.node.findAll().filter((each) => each instanceof lambda.CfnPermission)) {
    permission.sourceAccount = stack.account;
  }
}
