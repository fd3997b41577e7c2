import { ConfigError } from '../errors.js';
import { ENV } from '../resources.js';

type EnvKey = keyof typeof ENV;

/** Reads the named variables once, at cold start, and fails loudly naming any that is missing. */
export function functionEnv<K extends EnvKey>(keys: readonly K[]): Record<K, string> {
  const values = {} as Record<K, string>;
  for (const key of keys) {
    const value = process.env[ENV[key]];
    if (value === undefined || value === '')
      throw new ConfigError(`environment variable ${ENV[key]} is not set`);
    values[key] = value;
  }
  return values;
}
