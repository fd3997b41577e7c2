import { isIPv4 } from 'node:net';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface WebhookFirewallProps {
  /** The API stage the web ACL protects. */
  readonly stage: apigateway.Stage;
  /** Prefix of the CloudWatch metric of each rule (the stack's name keeps two gateways apart). */
  readonly metricPrefix: string;
  /**
   * Requests one client IP may send in any 5 minutes before it is blocked.
   * @default 3000
   */
  readonly rateLimitPerIp?: number;
  /**
   * Per source id, the only CIDR ranges (IPv4 or IPv6) that may call `/webhooks/<sourceId>`.
   * @default - no allowlist: every address may call every source
   */
  readonly sourceAllowlists?: Readonly<Record<string, readonly string[]>>;
}

const REGIONAL = 'REGIONAL';

/**
 * An AWS WAF web ACL on the webhook API: per-source allowlists of vendor address ranges first, then a
 * rate limit per client IP. Blocked requests get 403 and never reach the functions; every rule
 * publishes its CloudWatch metric and samples requests.
 */
export class WebhookFirewall extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: WebhookFirewallProps) {
    super(scope, id);
    const visibility = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${props.metricPrefix}-${name}`.slice(0, 128),
    });

    const rules: wafv2.CfnWebACL.RuleProperty[] = Object.entries(props.sourceAllowlists ?? {}).map(
      ([sourceId, ranges], index) => ({
        name: `allowlist-${sourceId}`,
        priority: index,
        action: { block: {} },
        visibilityConfig: visibility(`allowlist-${sourceId}`),
        statement: {
          andStatement: {
            statements: [
              this.sourcePath(sourceId),
              { notStatement: { statement: this.fromRanges(sourceId, ranges) } },
            ],
          },
        },
      }),
    );
    rules.push({
      name: 'rate-per-ip',
      priority: rules.length,
      action: { block: {} },
      visibilityConfig: visibility('rate-per-ip'),
      statement: {
        rateBasedStatement: {
          limit: props.rateLimitPerIp ?? 3000,
          aggregateKeyType: 'IP',
          evaluationWindowSec: 300,
        },
      },
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: REGIONAL,
      defaultAction: { allow: {} },
      description: 'webhook-gateway: vendor allowlists per source and a rate limit per client IP',
      visibilityConfig: visibility('web-acl'),
      rules,
    });
    const association = new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
    // The stage ARN is a formatted string, not a reference: without this the association could be
    // created before the stage exists.
    association.node.addDependency(props.stage);
  }

  /**
   * Requests to `/webhooks/<sourceId>`, with or without the stage prefix (a custom domain has none),
   * after decoding and path normalization so `%2F`, `//` or upper case cannot slip past.
   */
  private sourcePath(sourceId: string): wafv2.CfnWebACL.StatementProperty {
    return {
      regexMatchStatement: {
        fieldToMatch: { uriPath: {} },
        regexString: `/webhooks/${sourceId}/?$`,
        textTransformations: [
          { priority: 0, type: 'URL_DECODE' },
          { priority: 1, type: 'NORMALIZE_PATH' },
          { priority: 2, type: 'LOWERCASE' },
        ],
      },
    };
  }

  /** Whether the client address is in the source's ranges (one IP set per address family). */
  private fromRanges(sourceId: string, ranges: readonly string[]): wafv2.CfnWebACL.StatementProperty {
    const families = [
      { version: 'IPV4', addresses: ranges.filter((range) => isIPv4(range.split('/')[0] ?? '')) },
      { version: 'IPV6', addresses: ranges.filter((range) => !isIPv4(range.split('/')[0] ?? '')) },
    ].filter((family) => family.addresses.length > 0);
    const statements = families.map((family): wafv2.CfnWebACL.StatementProperty => {
      const set = new wafv2.CfnIPSet(this, `${sourceId}-${family.version}`, {
        scope: REGIONAL,
        ipAddressVersion: family.version,
        addresses: family.addresses,
        description: `Addresses allowed to call /webhooks/${sourceId}`,
      });
      return { ipSetReferenceStatement: { arn: set.attrArn } };
    });
    const [only] = statements;
    return statements.length === 1 && only !== undefined ? only : { orStatement: { statements } };
  }
}
