import { createHash, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { type GatewayConfig, statusSecretName, tenantStatusSecretName } from '../shared/config/load.js';
import type { SecretCache } from '../shared/domain/secret-cache.js';

const tokenSecretSchema = z.object({ token: z.string().check(z.minLength(1)) });

// Digests have one length whatever the inputs, so the comparison leaks neither content nor length.
const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
const sameToken = (presented: string, expected: string): boolean =>
  timingSafeEqual(digest(presented), digest(expected));

/**
 * Which tenant a status API token belongs to. Each tenant's token is `{"token": …}` in its status
 * secret (docs/architecture.md#status-api), read through the secret cache; a miss re-reads the
 * secrets once (rate-limited by the cache), so a rotated token works without a redeploy.
 */
export class TenantTokens {
  constructor(
    private readonly secrets: SecretCache,
    private readonly tenants: readonly string[],
    /** The secret holding a tenant's token. @default `webhook-gateway/<tenant>/status` */
    private readonly secretNameOf: (tenant: string) => string = statusSecretName,
  ) {}

  /** The config's tenants, each with the status secret the config resolved (stack-scoped or named). */
  static forConfig(secrets: SecretCache, config: Pick<GatewayConfig, 'sources' | 'tenants'>): TenantTokens {
    const tenants = [...new Set(config.sources.map((source) => source.tenant))];
    return new TenantTokens(secrets, tenants, (tenant) => tenantStatusSecretName(config, tenant));
  }

  /** The tenant whose token this is, trying `likely` first; undefined when it is nobody's. */
  async tenantOf(token: string, likely?: string): Promise<string | undefined> {
    const order = likely === undefined ? this.tenants : [likely, ...this.tenants.filter((t) => t !== likely)];
    for (const tenant of order) if (await this.matches(tenant, token)) return tenant;
    for (const tenant of order) {
      if ((await this.secrets.refresh(this.secretNameOf(tenant))) && (await this.matches(tenant, token)))
        return tenant;
    }
    return undefined;
  }

  private async matches(tenant: string, token: string): Promise<boolean> {
    const versions = await this.secrets.get(this.secretNameOf(tenant));
    const parsed = tokenSecretSchema.safeParse(versions.current);
    // A secret without a usable token authenticates nobody.
    return parsed.success && sameToken(token, parsed.data.token);
  }
}
