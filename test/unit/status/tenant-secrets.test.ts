import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lambdas/shared/config/validate.js';
import { SecretCache } from '../../../lambdas/shared/domain/secret-cache.js';
import { TenantTokens } from '../../../lambdas/status/tenant-tokens.js';

const sources = [{ id: 'shop', tenant: 'acme', scheme: 'github' }];

/** Secrets by name; any other name does not exist. */
const secretsNamed = (values: Record<string, string>) =>
  new SecretCache(
    {
      read: async (name: string) => {
        const token = values[name];
        if (token === undefined) throw new Error(`no secret ${name}`);
        return { current: { token } };
      },
    },
    Date.now,
  );

describe('status tokens of a deployed stack', () => {
  it('reads the tenant token from the secret scoped by the stack name', async () => {
    const config = parseConfig({ sources }, 'test', { stackName: 'BillingGateway' });
    const tokens = TenantTokens.forConfig(
      secretsNamed({ 'BillingGateway/acme/status': 'billing-token' }),
      config,
    );

    expect(await tokens.tenantOf('billing-token')).toBe('acme');
  });

  it('reads the tenant token from the secret the config names', async () => {
    const config = parseConfig({ sources, tenants: { acme: { statusSecretName: 'ops/acme-status' } } });
    const tokens = TenantTokens.forConfig(secretsNamed({ 'ops/acme-status': 'named-token' }), config);

    expect(await tokens.tenantOf('named-token')).toBe('acme');
  });
});
