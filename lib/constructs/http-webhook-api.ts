import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { ApiGatewayv2DomainProperties } from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import type { GatewayConfig } from '../../lambdas/shared/config/load.js';
import { domainAlias } from './domain-alias.js';

export interface HttpWebhookApiProps {
  readonly config: GatewayConfig;
  /** Handles `POST /webhooks/{sourceId}`. */
  readonly ingestFunction: lambda.IFunction;
  /** Handles `GET /events/{sourceId}/{idempotencyKey}`. */
  readonly statusFunction: lambda.IFunction;
  /** Shown in the console; the API's metrics are told apart by its id. */
  readonly apiName: string;
  readonly stageName: string;
  /** Where the stage writes its access logs; see `httpAccessLogGroupName`. */
  readonly accessLogs: ILogGroup;
}

/**
 * The access log group's name. An HTTP API writes access logs through CloudWatch Logs' log delivery,
 * which lists every destination log group in one account-wide resource policy of at most 5120
 * characters; once that fills up, only groups under `/aws/vendedlogs/` can still be added, so the
 * name starts there and carries the stack's name to keep two gateways in a region apart.
 */
export const httpAccessLogGroupName = (stackName: string): string =>
  `/aws/vendedlogs/apigateway/${stackName}/access`;

/**
 * The access log line of an HTTP API: the REST stage's fields where an HTTP API has them, the route
 * key for the resource path; HTTP APIs have neither AWS WAF nor X-Ray, so those two are absent.
 * Never headers or bodies.
 */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  errorMessage: '$context.error.message',
};

/** Why neither API has an API Gateway authorizer (cdk-nag and Control Tower acknowledgements). */
export const NO_AUTHORIZER_REASON =
  'Callers are vendors signing each request with a shared secret (HMAC, verified in the ingest function) and status clients presenting a per-tenant bearer token checked in the status function; API Gateway authorizers cannot verify either.';

/** How `@cdklabs/cdk-validator-cfnguard` names CT.APIGATEWAY.PR.5 (a route must name an authorizer). */
const ROUTE_AUTHORIZATION_RULE = 'cdk-validator-cfnguard::api_gw_v2_authorization_type_configured_check';

/**
 * The public API as an API Gateway HTTP API (`api.type: "http"`): the same two routes as the REST
 * API, Lambda proxy integrations with payload format 2.0 (nothing rewrites the body), a stage with
 * automatic deployment, the configured throttling and JSON access logs, and the optional custom
 * domain with its Route 53 alias. Every other path answers 404.
 */
export class HttpWebhookApi extends Construct {
  public readonly api: apigwv2.HttpApi;
  public readonly stage: apigwv2.HttpStage;
  public readonly domain: apigwv2.DomainName | undefined;

  constructor(scope: Construct, id: string, props: HttpWebhookApiProps) {
    super(scope, id);
    const { api: limits, deployment } = props.config;

    this.api = new apigwv2.HttpApi(this, 'Api', {
      apiName: props.apiName,
      description: 'webhook-gateway: vendor webhooks in, event status out',
      // The stage below is named like the REST one, so URLs keep their shape (`…/v1/webhooks/`).
      createDefaultStage: false,
    });
    this.stage = new apigwv2.HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: props.stageName,
      // Route changes go live with the stack update; there is no deployment resource to forget.
      autoDeploy: true,
      throttle: { rateLimit: limits.throttlingRateLimit, burstLimit: limits.throttlingBurstLimit },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(props.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    const proxy = (integrationId: string, fn: lambda.IFunction) =>
      new HttpLambdaIntegration(integrationId, fn, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      });
    this.api.addRoutes({
      path: '/webhooks/{sourceId}',
      methods: [apigwv2.HttpMethod.POST],
      integration: proxy('Ingest', props.ingestFunction),
    });
    this.api.addRoutes({
      path: '/events/{sourceId}/{idempotencyKey}',
      methods: [apigwv2.HttpMethod.GET],
      integration: proxy('Status', props.statusFunction),
    });

    const customDomain = deployment.customDomain;
    if (customDomain !== undefined) {
      // Vendors keep this URL when the API is recreated: the root maps to the stage.
      this.domain = new apigwv2.DomainName(this, 'CustomDomain', {
        domainName: customDomain.domainName,
        certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', customDomain.certificateArn),
        endpointType: apigwv2.EndpointType.REGIONAL,
        securityPolicy: apigwv2.SecurityPolicy.TLS_1_2,
      });
      new apigwv2.ApiMapping(this, 'Mapping', { api: this.api, domainName: this.domain, stage: this.stage });
      if (customDomain.hostedZone !== undefined) {
        domainAlias(
          this,
          customDomain.hostedZone,
          customDomain.domainName,
          new ApiGatewayv2DomainProperties(this.domain.regionalDomainName, this.domain.regionalHostedZoneId),
        );
      }
    }

    Validations.of(this.api).acknowledge(
      { id: 'AwsSolutions-APIG4', reason: NO_AUTHORIZER_REASON },
      { id: 'AwsSolutions-COG4', reason: NO_AUTHORIZER_REASON },
      { id: ROUTE_AUTHORIZATION_RULE, reason: NO_AUTHORIZER_REASON },
    );
  }

  /** The stage's invoke URL followed by `path` (which starts with `/`). */
  public urlForPath(path: string): string {
    return `${this.stage.url}${path}`;
  }
}
