import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { type GatewayConfig, statusSecretName } from '../../lambdas/shared/config/load.js';

export interface GatewaySecretsProps {
  readonly config: GatewayConfig;
}

const ROTATION_REASON =
  'Vendor-issued or operator-shared secret: rotation is manual (put-secret-value), and ingest accepts the previous version for rotationWindowHours, so no rotation function applies.';

/**
 * Every secret the config names, created empty-of-meaning (a random value in the right JSON shape)
 * for the operator to fill with `aws secretsmanager put-secret-value`:
 * - one per source signing secret: `{"signingSecret": "…"}`;
 * - one per tenant for the status API: `{"token": "…"}` (the random token is usable as is);
 * - one per distinct forward-action JWT secret: `{"signingSecret": "…"}` (usable as is).
 * A name shared by several sources or actions is created once.
 */
export class GatewaySecrets extends Construct {
  public readonly sourceSecrets: readonly secretsmanager.Secret[];
  public readonly statusSecrets: readonly secretsmanager.Secret[];
  public readonly jwtSecrets: readonly secretsmanager.Secret[];
  private readonly byName = new Map<string, secretsmanager.Secret>();

  constructor(scope: Construct, id: string, props: GatewaySecretsProps) {
    super(scope, id);
    const { sources } = props.config;
    this.sourceSecrets = unique(sources.map((source) => source.secretName)).map((name) =>
      this.secret(name, 'signingSecret', `Webhook signing secret: ${name}`),
    );
    this.statusSecrets = unique(sources.map((source) => statusSecretName(source.tenant))).map((name) =>
      this.secret(name, 'token', `Status API bearer token: ${name}`),
    );
    const jwtNames = sources.flatMap((source) => source.actions.map((action) => action.jwtSecretName));
    this.jwtSecrets = unique(jwtNames).map((name) =>
      this.secret(name, 'signingSecret', `Forward action JWT (HS256) secret: ${name}`),
    );
  }

  /** Ingest reads every version stage of the source secrets (GetSecretValue) and their metadata. */
  public grantReadSourceSecrets(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, this.sourceSecrets, [
      'secretsmanager:GetSecretValue',
      'secretsmanager:DescribeSecret',
    ]);
  }

  public grantReadStatusSecrets(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, this.statusSecrets, ['secretsmanager:GetSecretValue']);
  }

  public grantReadJwtSecrets(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, this.jwtSecrets, ['secretsmanager:GetSecretValue']);
  }

  private grant(
    grantee: iam.IGrantable,
    secrets: readonly secretsmanager.Secret[],
    actions: string[],
  ): iam.Grant {
    if (secrets.length === 0) return iam.Grant.drop(grantee, 'no secrets of this kind are configured');
    return iam.Grant.addToPrincipal({
      grantee,
      actions,
      resourceArns: secrets.map((secret) => secret.secretArn),
    });
  }

  private secret(name: string, key: string, description: string): secretsmanager.Secret {
    const existing = this.byName.get(name);
    if (existing !== undefined) return existing;
    // The id comes from the name, so reordering the config never replaces a secret.
    const secret = new secretsmanager.Secret(this, encodeURIComponent(name), {
      secretName: name,
      description,
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: key,
        excludePunctuation: true,
        passwordLength: 48,
      },
    });
    Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: ROTATION_REASON });
    this.byName.set(name, secret);
    return secret;
  }
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}
