import * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';

export interface HostedZoneRef {
  readonly id: string;
  readonly name: string;
}

/** The Route 53 alias record for a custom domain, in the public zone the config names. */
export function domainAlias(
  scope: Construct,
  hostedZone: HostedZoneRef,
  domainName: string,
  target: route53.IAliasRecordTarget,
): route53.ARecord {
  const zone = route53.HostedZone.fromHostedZoneAttributes(scope, 'Zone', {
    hostedZoneId: hostedZone.id,
    zoneName: hostedZone.name,
  });
  return new route53.ARecord(scope, 'Alias', {
    zone,
    recordName: domainName,
    target: route53.RecordTarget.fromAlias(target),
  });
}
