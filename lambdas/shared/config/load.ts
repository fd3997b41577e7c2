import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import {
  type ActionConfig,
  gatewayConfigSchema,
  type ParsedGatewayConfig,
  type ParsedSource,
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

export interface GatewayConfig extends Omit<ParsedGatewayConfig, 'sources' | '$schema'> {
  readonly sources: readonly SourceConfig[];
}

export const DEFAULT_CONFIG_FILE = 'gateway.config.json';

/** The secret that holds a tenant's status API token (DESIGN §9). */
export const statusSecretName = (tenant: string): string => `webhook-gateway/${tenant}/status`;

function describeIssues(error: z.ZodError, origin: string): string {
  const lines = error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return `  - ${path}: ${issue.message}`;
  });
  return `${origin} is invalid:\n${lines.join('\n')}`;
}

/** Validates raw JSON once and resolves per-scheme defaults. Throws ConfigError naming each bad field. */
export function parseConfig(raw: unknown, origin = DEFAULT_CONFIG_FILE): GatewayConfig {
  const result = gatewayConfigSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(describeIssues(result.error, origin));
  const { $schema: _ignored, sources, ...rest } = result.data;
  return {
    ...rest,
    sources: sources.map((source) => {
      const defaults = SCHEME_DEFAULTS[source.scheme];
      return {
        ...source,
        secretName: source.secretName ?? `webhook-gateway/${source.tenant}/${source.id}`,
        idempotencyKey: source.idempotencyKey ?? defaults.idempotencyKey,
        entityId: source.entityId,
        eventType: source.eventType ?? defaults.eventType,
      };
    }),
  };
}

export function loadConfigFile(path: string): GatewayConfig {
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
  return parseConfig(raw, path);
}

export function findSource(config: GatewayConfig, sourceId: string): SourceConfig | undefined {
  return config.sources.find((source) => source.id === sourceId);
}
