import type { ActionConfig, ParsedGatewayConfig, ParsedSource, TenantInput } from './schema.js';

/*
 * The resolved config as the code uses it, and lookups on it. Only types come from the schema, so a
 * function bundle that imports this module carries neither the schema nor zod; validating and
 * reading a file is `validate.ts`, for synth, the local stack, the CLIs and tests.
 */

/** A source with every default resolved: the shape the rest of the code uses. */
export interface SourceConfig
  extends Omit<ParsedSource, 'secretName' | 'idempotencyKey' | 'entityId' | 'eventType'> {
  readonly secretName: string;
  readonly idempotencyKey: string;
  /** Undefined: each event is its own group (no ordering), keyed by the idempotency key. */
  readonly entityId: string | undefined;
  readonly eventType: string;
  readonly actions: ActionConfig[];
}

/** A tenant with its status secret resolved. */
export interface TenantConfig extends TenantInput {
  readonly statusSecretName: string;
}

export interface GatewayConfig extends Omit<ParsedGatewayConfig, 'sources' | 'tenants' | '$schema'> {
  readonly sources: readonly SourceConfig[];
  /** Every tenant a source uses, with its status secret name resolved. */
  readonly tenants: Readonly<Record<string, TenantConfig>>;
  /**
   * The prefix the default secret names were resolved with (not a config field): the stack checks
   * that it matches its own name.
   */
  readonly secretPrefix: string;
}

/** The deployable config; the local stack has its own default (`local/gateway.config.local.json`). */
export const DEFAULT_CONFIG_FILE = 'gateway.config.json';

export const DEFAULT_STACK_NAME = 'WebhookGateway';
export const DEFAULT_SECRET_PREFIX = 'webhook-gateway';

/**
 * Default secret names start with `webhook-gateway/` for the local stack and a stack under the
 * default name, and with the stack's name otherwise, so two gateways in one account and region never
 * collide (docs/architecture.md#configuration-and-secrets).
 */
export const secretPrefixFor = (stackName: string = DEFAULT_STACK_NAME): string =>
  stackName === DEFAULT_STACK_NAME ? DEFAULT_SECRET_PREFIX : stackName;

/** The default name of the secret that holds a tenant's status API token (docs/architecture.md#status-api). */
export const statusSecretName = (tenant: string): string => `${DEFAULT_SECRET_PREFIX}/${tenant}/status`;

/**
 * The secret that holds a tenant's status API token as the config resolved it (a stack under another
 * name, or `tenants.<tenant>.statusSecretName`), else the default name.
 */
export const tenantStatusSecretName = (config: Pick<GatewayConfig, 'tenants'>, tenant: string): string =>
  config.tenants[tenant]?.statusSecretName ?? statusSecretName(tenant);

export function findSource(config: GatewayConfig, sourceId: string): SourceConfig | undefined {
  return config.sources.find((source) => source.id === sourceId);
}
