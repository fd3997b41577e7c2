import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { GatewayConfig } from '../../lambdas/shared/config/load.js';
import { isSecretArn } from '../../lambdas/shared/config/schema.js';
import { grantKeyUse } from './key-grants.js';

export interface GatewaySecretsProps {
  readonly config: GatewayConfig;
  /**
   * A customer managed key to encrypt the secrets this stack creates with.
   * @default - Secrets Manager's AWS managed key
   */
  readonly encryptionKey?: kms.IKey;
}

const ROTATION_REASON =
  'Vendor-issued or operator-shared secret: rotation is manual (put-secret-value), and ingest accepts the previous version for rotationWindowHours, so no rotation function applies.';

/** One secret the config refers to, created by this stack or imported. */
export interface GatewaySecret {
  /** The name or ARN the functions read it by (what the config says). */
  readonly ref: string;
  readonly resource: Construct;
  /** False: it existed before the stack and outlives it untouched. */
  readonly created: boolean;
  /** The ARN to name in IAM policies: a name-only import matches the six-character suffix. */
  readonly policyArn: string;
}

/**
 * The template of every secret this stack creates. CloudFormation generates a new value over the
 * operator's whenever `GenerateSecretString` changes, so these settings are fixed for good (a test
 * pins them); the value they generate is only a placeholder in the right JSON shape.
 */
export const generatedSecretTemplate = (
  key: 'signingSecret' | 'token',
): secretsmanager.SecretStringGenerator => ({
  secretStringTemplate: '{}',
  generateStringKey: key,
  excludePunctuation: true,
  passwordLength: 48,
});

/**
 * Every secret the config names. The stack creates the ones that do not exist yet, with a random
 * placeholder for the operator to replace (`aws secretsmanager put-secret-value`), and keeps them
 * when it is deleted (CloudFormation would delete them without a recovery window):
 * - one per source signing secret: `{"signingSecret": "…"}`;
 * - one per tenant for the status API: `{"token": "…"}` (the random token is usable as is);
 * - one per distinct forward-action JWT secret: `{"signingSecret": "…"}` (usable as is).
 * A secret marked existing (or named by ARN) is only read: never created, changed or deleted.
 * A name shared by several sources or actions is one secret.
 */
export class GatewaySecrets extends Construct {
  public readonly sourceSecrets: readonly GatewaySecret[];
  public readonly statusSecrets: readonly GatewaySecret[];
  public readonly jwtSecrets: readonly GatewaySecret[];
  private readonly byRef = new Map<string, GatewaySecret>();
  private readonly encryptionKey: kms.IKey | undefined;

  constructor(scope: Construct, id: string, props: GatewaySecretsProps) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey;
    const { sources, tenants } = props.config;
    // A reference is existing if any place that names it says so.
    const existing = new Set<string>([
      ...sources.filter((source) => source.existingSecret === true).map((source) => source.secretName),
      ...sources.flatMap((source) =>
        source.actions
          .filter((action) => action.existingJwtSecret === true)
          .map((action) => action.jwtSecretName),
      ),
      ...Object.values(tenants)
        .filter((tenant) => tenant.existingStatusSecret === true)
        .map((tenant) => tenant.statusSecretName),
    ]);
    const secret = (ref: string, key: 'signingSecret' | 'token', description: string) =>
      this.secret(ref, existing.has(ref) || isSecretArn(ref), key, description);

    this.sourceSecrets = unique(sources.map((source) => source.secretName)).map((name) =>
      secret(name, 'signingSecret', `Webhook signing secret: ${name}`),
    );
    this.statusSecrets = unique(Object.values(tenants).map((tenant) => tenant.statusSecretName)).map((name) =>
      secret(name, 'token', `Status API bearer token: ${name}`),
    );
    const jwtNames = sources.flatMap((source) => source.actions.map((action) => action.jwtSecretName));
    this.jwtSecrets = unique(jwtNames).map((name) =>
      secret(name, 'signingSecret', `Forward action JWT (HS256) secret: ${name}`),
    );
  }

  /** Ingest reads the current and previous versions of the source secrets (GetSecretValue). */
  public grantReadSourceSecrets(grantee: iam.IGrantable): iam.Grant {
    return this.grantRead(grantee, this.sourceSecrets);
  }

  public grantReadStatusSecrets(grantee: iam.IGrantable): iam.Grant {
    return this.grantRead(grantee, this.statusSecrets);
  }

  public grantReadJwtSecrets(grantee: iam.IGrantable): iam.Grant {
    return this.grantRead(grantee, this.jwtSecrets);
  }

  private grantRead(grantee: iam.IGrantable, secrets: readonly GatewaySecret[]): iam.Grant {
    if (secrets.length === 0) return iam.Grant.drop(grantee, 'no secrets of this kind are configured');
    if (secrets.some((each) => each.created)) grantKeyUse(grantee, this.encryptionKey, ['kms:Decrypt']);
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['secretsmanager:GetSecretValue'],
      resourceArns: secrets.map((each) => each.policyArn),
    });
  }

  private secret(
    ref: string,
    exists: boolean,
    key: 'signingSecret' | 'token',
    description: string,
  ): GatewaySecret {
    const known = this.byRef.get(ref);
    if (known !== undefined) return known;
    // The id comes from the reference, so reordering the config never replaces a secret.
    const id = encodeURIComponent(ref);
    let entry: GatewaySecret;
    if (isSecretArn(ref)) {
      const imported = secretsmanager.Secret.fromSecretCompleteArn(this, id, ref);
      entry = { ref, resource: imported, created: false, policyArn: ref };
    } else if (exists) {
      const imported = secretsmanager.Secret.fromSecretNameV2(this, id, ref);
      // Secrets Manager appends "-" and six random characters to the name in the ARN.
      entry = { ref, resource: imported, created: false, policyArn: `${imported.secretArn}-??????` };
    } else {
      const created = new secretsmanager.Secret(this, id, {
        secretName: ref,
        description,
        generateSecretString: generatedSecretTemplate(key),
        // The operator's value outlives the stack: CloudFormation deletes with no recovery window.
        removalPolicy: RemovalPolicy.RETAIN,
        ...(this.encryptionKey === undefined ? {} : { encryptionKey: this.encryptionKey }),
      });
      Validations.of(created).acknowledge({ id: 'AwsSolutions-SMG4', reason: ROTATION_REASON });
      entry = { ref, resource: created, created: true, policyArn: created.secretArn };
    }
    this.byRef.set(ref, entry);
    return entry;
  }
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}
