import { SecretCache } from '../shared/domain/secret-cache.js';
import { commonDeps, type RuntimeContext } from '../shared/runtime-context.js';
import type { StatusDeps } from './event-status.js';
import { TenantTokens } from './tenant-tokens.js';

export type { StatusDeps } from './event-status.js';

export function buildStatusDeps(context: RuntimeContext): StatusDeps {
  return {
    ...commonDeps(context),
    tokens: TenantTokens.forConfig(new SecretCache(context.secrets, context.clock), context.config),
  };
}
