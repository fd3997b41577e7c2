import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { ENV } from '../resources.js';

type EnvKey = keyof typeof ENV;

/** Reads the named variables once, at cold start, and fails loudly naming any that is missing. */
export function functionEnv<K extends EnvKey>(keys: readonly K[]): Record<K, string> {
  const values = {} as Record<K, string>;
  for (const key of keys) {
    const parsed = z.string().min(1).safeParse(process.env[ENV[key]]);
    if (!parsed.success) throw new ConfigError(`environment variable ${ENV[key]} is not set`);
    values[key] = parsed.data;
  }
  return values;
}
