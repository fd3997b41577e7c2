import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ConfigError } from '../../lambdas/shared/errors.js';

const ALLOWED = Object.values(RetentionDays).filter(
  (value): value is RetentionDays => typeof value === 'number',
);

/**
 * CloudWatch Logs accepts only certain retention periods; a value outside them would fail the
 * deployment, so synth fails first, naming the field.
 */
export function retentionDays(days: number, field = 'observability.logRetentionDays'): RetentionDays {
  const match = ALLOWED.find((allowed) => allowed === days);
  if (match === undefined) {
    const allowed = ALLOWED.filter((value) => value !== RetentionDays.INFINITE).sort((a, b) => a - b);
    throw new ConfigError(
      `${field}: ${days} is not a CloudWatch Logs retention; use one of ${allowed.join(', ')}`,
    );
  }
  return match;
}
