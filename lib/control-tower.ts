import { type IResolvable, type Stack, Token, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';

/** How `@cdklabs/cdk-validator-cfnguard` names a finding to acknowledge. */
const guardRule = (rule: string): string => `cdk-validator-cfnguard::${rule}`;

/** The Control Tower proactive controls the gateway does not meet in every configuration. */
export const EXEMPT_RULES = {
  /** CT.LAMBDA.PR.3 */
  lambdaInVpc: guardRule('lambda_inside_vpc_check'),
  /** CT.APIGATEWAY.PR.2 */
  restStageTracing: guardRule('api_gw_xray_enabled_check'),
  /** CT.CLOUDWATCH.PR.2 */
  logRetentionYear: guardRule('cloudwatch_log_group_retention_period_check'),
  /** CT.CLOUDWATCH.PR.3 */
  logGroupKms: guardRule('cloudwatch_log_group_encrypted_check'),
  /** CT.DYNAMODB.PR.2 */
  tableKms: guardRule('dynamodb_table_encrypted_kms_check'),
  /** CT.LAMBDA.PR.2 */
  permissionSourceAccount: guardRule('lambda_function_public_access_prohibited_check'),
  /** CT.S3.PR.2 */
  bucketAccessLogs: guardRule('s3_bucket_logging_enabled_check'),
  /** CT.S3.PR.4 */
  bucketNotifications: guardRule('s3_event_notifications_enabled_check'),
  /** CT.S3.PR.9 */
  bucketObjectLock: guardRule('s3_bucket_object_lock_enabled_check'),
  /** CT.S3.PR.10 */
  bucketKms: guardRule('s3_bucket_default_encryption_kms_check'),
  /** CT.S3.PR.11 */
  bucketVersioning: guardRule('s3_bucket_versioning_enabled_check'),
} as const;

const NO_VPC_REASON =
  'The functions call only AWS service endpoints and the https forward URLs the config names; a VPC would add NAT gateways (cost, a single point of failure) for no network boundary worth having. Accounts that require one can attach the functions to their VPC.';

const NO_CMK_REASON =
  'Encrypted at rest with an AWS managed or owned key; a customer managed key is opt-in (deployment.customerManagedKey) because it costs per key and per request.';

/**
 * Why the bodies bucket (lib/constructs/body-bucket.ts) goes without each S3 control it does not meet.
 * The bucket is a claim-check: ingest writes each large body once under a key of its event (again,
 * same bytes, on a vendor's retry, since the body is written before the record's conditional put),
 * the worker reads it, lifecycle expires it a day after the record; nothing else touches it.
 */
const BUCKET_REASONS = {
  [EXEMPT_RULES.bucketAccessLogs]:
    'Only the ingest and worker roles reach the bucket, each for one action on bodies/*, and the events table records every event. Server access logs need a second bucket that these rules would flag in turn; enable CloudTrail data events on the bucket where object-level audit is required.',
  [EXEMPT_RULES.bucketNotifications]:
    'Nothing reacts to a body object: the event record and its queue message drive the work. Notifications would only publish an event per delivery that no one consumes.',
  [EXEMPT_RULES.bucketObjectLock]:
    'Bodies must expire with their records (retentionDays + 1); Object Lock (WORM, which also needs versioning) would keep them against that promise.',
  [EXEMPT_RULES.bucketVersioning]:
    "A body is rewritten with the same bytes whenever a vendor retries the delivery, and expires with its record; versioning would keep a noncurrent copy per retry and per expiry, with no reader for any of them. No role may delete or overwrite another event's body.",
} as const;

/**
 * Acknowledges, resource by resource and each with its reason, the Control Tower findings that are
 * a design choice or an opt-in the config did not take. Findings the config could fix are only
 * acknowledged while the config leaves them open: turning on the customer managed key or a year of
 * log retention makes the rule pass instead.
 */
export function acknowledgeControlTowerExemptions(stack: Stack): void {
  const all = stack.node.findAll();
  const ofType = <T>(type: abstract new (...args: never[]) => T): T[] =>
    all.filter((each): each is T & IConstruct => each instanceof type);
  for (const fn of ofType(lambda.CfnFunction)) {
    Validations.of(fn).acknowledge({ id: EXEMPT_RULES.lambdaInVpc, reason: NO_VPC_REASON });
  }
  for (const group of ofType(logs.CfnLogGroup)) {
    const retention = group.retentionInDays;
    if (retention !== undefined && retention < 365) {
      Validations.of(group).acknowledge({
        id: EXEMPT_RULES.logRetentionYear,
        reason: `Kept ${retention} days (observability.logRetentionDays): the logs are operational, the events table is the record. Set 365 or more where a year is required.`,
      });
    }
    if (group.kmsKeyId === undefined) {
      Validations.of(group).acknowledge({ id: EXEMPT_RULES.logGroupKms, reason: NO_CMK_REASON });
    }
  }
  for (const stage of ofType(apigateway.CfnStage)) {
    if (stage.tracingEnabled !== true) {
      Validations.of(stage).acknowledge({
        id: EXEMPT_RULES.restStageTracing,
        reason:
          'X-Ray is off because the config says so (observability.tracing: false), to save what its traces cost; logs, metrics and alarms are unchanged. Where this control is enabled, keep observability.tracing at its default, true.',
      });
    }
  }
  for (const table of ofType(dynamodb.CfnTable)) {
    if (!hasKmsKey(table))
      Validations.of(table).acknowledge({ id: EXEMPT_RULES.tableKms, reason: NO_CMK_REASON });
  }
  for (const bucket of ofType(s3.CfnBucket)) {
    for (const [id, reason] of Object.entries(BUCKET_REASONS))
      Validations.of(bucket).acknowledge({ id, reason });
    if (!hasBucketKmsKey(bucket))
      Validations.of(bucket).acknowledge({ id: EXEMPT_RULES.bucketKms, reason: NO_CMK_REASON });
  }
  // SourceAccount is set on every API Gateway permission; the offline rule accepts only a literal
  // account id, while an environment-agnostic template holds AWS::AccountId (the Control Tower hook
  // at deploy time sees the resolved value).
  if (Token.isUnresolved(stack.account)) {
    for (const permission of all.filter(isApiPermission)) {
      Validations.of(permission).acknowledge({
        id: EXEMPT_RULES.permissionSourceAccount,
        reason:
          'SourceArn names this API and SourceAccount is the deploying account (AWS::AccountId, resolved at deploy time); the offline check only accepts a literal account id. Synthesize with an account (CDK_DEFAULT_ACCOUNT) to check it here.',
      });
    }
  }
}

function hasKmsKey(table: dynamodb.CfnTable): boolean {
  const sse = table.sseSpecification;
  return (
    sse !== undefined &&
    !Token.isUnresolved(sse) &&
    'kmsMasterKeyId' in sse &&
    sse.kmsMasterKeyId !== undefined
  );
}

function hasBucketKmsKey(bucket: s3.CfnBucket): boolean {
  const encryption = bucket.bucketEncryption;
  if (encryption === undefined || !('serverSideEncryptionConfiguration' in encryption)) return false;
  const rules = encryption.serverSideEncryptionConfiguration;
  return (
    Array.isArray(rules) &&
    rules.length > 0 &&
    rules.every(
      (rule: s3.CfnBucket.ServerSideEncryptionRuleProperty | IResolvable) =>
        'serverSideEncryptionByDefault' in rule &&
        rule.serverSideEncryptionByDefault !== undefined &&
        'sseAlgorithm' in rule.serverSideEncryptionByDefault &&
        rule.serverSideEncryptionByDefault.sseAlgorithm === 'aws:kms',
    )
  );
}

function isApiPermission(construct: IConstruct): construct is lambda.CfnPermission {
  return construct instanceof lambda.CfnPermission && construct.principal === 'apigateway.amazonaws.com';
}
