import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { DEFAULT_CONFIG_FILE, type GatewayConfig, secretPrefixFor } from './load.js';
import { gatewayConfigSchema } from './schema.js';
import { SCHEME_DEFAULTS } from './scheme-defaults.js';

/*
 * Validation against the zod schema, for `cdk synth`, the local stack, the CLIs and tests. The
 * functions never import this module: they run with the config the stack validated here and
 * bundled into them (`bundled.ts`).
 */

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
