import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import {
  type ActionConfig,
  gatewayConfigSchema,
  type ParsedGatewayConfig,
  type ParsedSource,
  type TenantInput,
} from './schema.js';
import { SCHEME_DEFAULTS } from './scheme-defaults.js';

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

export interface ParseOptions {
  /**
   * The stack the config is deployed with; it scopes the default secret names.
   * @default 'WebhookGateway' (the local stack's names)
   */
  readonly stackName?: string;
}

function describeIssues(error: z.ZodError, origin: string): string {
  const lines = error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return `  - ${path}: ${issue.message}`;
  });
  return `${origin} is invalid:\n${lines.join('\n')}`;
}

/** Validates raw JSON once and resolves per-scheme defaults. Throws ConfigError naming each bad field. */
export function parseConfig(
  raw: unknown,
  origin = DEFAULT_CONFIG_FILE,
  options: ParseOptions = {},
): GatewayConfig {
  const result = gatewayConfigSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(describeIssues(result.error, origin));
  const { $schema: _ignored, sources, tenants, ...rest } = result.data;
  const secretPrefix = secretPrefixFor(options.stackName);
  const tenantNames = [...new Set(sources.map((source) => source.tenant))];
  return {
    ...rest,
    secretPrefix,
    tenants: Object.fromEntries(
      tenantNames.map((tenant) => {
        const given = tenants?.[tenant] ?? {};
        return [
          tenant,
          { ...given, statusSecretName: given.statusSecretName ?? `${secretPrefix}/${tenant}/status` },
        ];
      }),
    ),
    sources: sources.map((source) => {
      const defaults = SCHEME_DEFAULTS[source.scheme];
      return {
        ...source,
        secretName: source.secretName ?? `${secretPrefix}/${source.tenant}/${source.id}`,
        actions: source.actions.map((action) => ({
          ...action,
          jwtSecretName: action.jwtSecretName ?? `${secretPrefix}/${source.tenant}/forward`,
        })),
        idempotencyKey: source.idempotencyKey ?? defaults.idempotencyKey,
        entityId: source.entityId,
        eventType: source.eventType ?? defaults.eventType,
      };
    }),
  };
}

export function loadConfigFile(path: string, options: ParseOptions = {}): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read config file ${path}`, { cause });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`${path} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  return parseConfig(raw, path, options);
}

export function findSource(config: GatewayConfig, sourceId: string): SourceConfig | undefined {
  return config.sources.find((source) => source.id === sourceId);
}
