import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { type GatewayConfig, tenantStatusSecretName } from '../lambdas/shared/config/load.js';
import type { Scheme } from '../lambdas/shared/config/schema.js';
import { ConfigError } from '../lambdas/shared/errors.js';

export type RandomBytes = (size: number) => Buffer;

/** A secret the config names, with the value a first start writes for it. */
export interface RequiredSecret {
  readonly name: string;
  readonly kind: 'signing' | 'forward-jwt' | 'status-token';
  readonly value: (random: RandomBytes) => Record<string, string>;
}

/** Dev secrets shaped like the vendor's, so the vendors' own SDKs accept them too. */
export function devSigningSecret(scheme: Scheme, random: RandomBytes): string {
  switch (scheme) {
    case 'standard-webhooks':
    case 'svix':
      // whsec_ + base64 of the key bytes (the key is base64-decoded before use).
      return `whsec_${random(24).toString('base64')}`;
    case 'stripe':
      // Stripe uses the whole string as the key; it only looks like the others.
      return `whsec_${random(16).toString('hex')}`;
    case 'slack':
      return random(16).toString('hex');
    default:
      return random(32).toString('hex');
  }
}

/** Every secret the config refers to: each source's signing secret, forward JWT keys, status tokens. */
export function requiredSecrets(config: GatewayConfig): RequiredSecret[] {
  const secrets = new Map<string, RequiredSecret>();
  const add = (secret: RequiredSecret) => {
    if (!secrets.has(secret.name)) secrets.set(secret.name, secret);
  };
  for (const source of config.sources) {
    add({
      name: source.secretName,
      kind: 'signing',
      value: (random) => ({ signingSecret: devSigningSecret(source.scheme, random) }),
    });
  }
  for (const source of config.sources) {
    for (const action of source.actions) {
      add({
        name: action.jwtSecretName,
        kind: 'forward-jwt',
        // HS256 wants a key of at least 256 bits.
        value: (random) => ({ signingSecret: random(32).toString('hex') }),
      });
    }
  }
  for (const tenant of new Set(config.sources.map((source) => source.tenant))) {
    add({
      name: tenantStatusSecretName(config, tenant),
      kind: 'status-token',
      value: (random) => ({ token: random(24).toString('hex') }),
    });
  }
  return [...secrets.values()];
}

const fileSchema = z.record(z.string(), z.looseObject({}));

function readExisting(path: string): Record<string, Record<string, unknown>> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read secrets file ${path}`, { cause: error });
  }
  try {
    return fileSchema.parse(JSON.parse(text));
  } catch (cause) {
    // Never overwrite a file the user may have edited by hand: say what is wrong instead.
    throw new ConfigError(`secrets file ${path} is not a JSON object of secrets`, { cause });
  }
}

export interface EnsuredSecrets {
  readonly path: string;
  /** Names written by this call (all of them on a first start). */
  readonly added: readonly string[];
}

/**
 * Creates the local secrets file (docs/architecture.md#local-stack) or adds the entries a changed config needs. Existing
 * entries are kept as they are, so a restart never changes a key a sender already uses.
 */
export function ensureSecretsFile(
  path: string,
  config: GatewayConfig,
  random: RandomBytes = randomBytes,
): EnsuredSecrets {
  const existing = readExisting(path) ?? {};
  const added: string[] = [];
  const next = { ...existing };
  for (const secret of requiredSecrets(config)) {
    if (next[secret.name] !== undefined) continue;
    next[secret.name] = secret.value(random);
    added.push(secret.name);
  }
  if (added.length > 0) {
    mkdirSync(dirname(path), { recursive: true });
    // Write then rename: a handler reading the file never sees half of it.
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, path);
  }
  return { path, added };
}
