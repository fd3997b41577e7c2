import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';

/** What a role may do with the gateway's customer managed key, named exactly (no wildcards). */
export type KeyAction = 'kms:Decrypt' | 'kms:DescribeKey' | 'kms:Encrypt' | 'kms:GenerateDataKey';

const statements = new WeakMap<iam.IPrincipal, Map<kms.IKey, iam.PolicyStatement>>();

/**
 * Lets a role use the key for a resource it encrypts; every resource's needs end up in one statement
 * per role, so the role's policy lists the key once. Nothing happens without a key.
 */
export function grantKeyUse(
  grantee: iam.IGrantable,
  key: kms.IKey | undefined,
  actions: readonly KeyAction[],
): void {
  if (key === undefined) return;
  const principal = grantee.grantPrincipal;
  const byKey = statements.get(principal) ?? new Map<kms.IKey, iam.PolicyStatement>();
  statements.set(principal, byKey);
  let statement = byKey.get(key);
  if (statement === undefined) {
    statement = new iam.PolicyStatement({ actions: [...actions], resources: [key.keyArn] });
    principal.addToPrincipalPolicy(statement);
    byKey.set(key, statement);
    return;
  }
  const present = statement.actions;
  const missing = actions.filter((action) => !present.includes(action));
  if (missing.length > 0) statement.addActions(...missing);
}
