import { DEFAULT_CONFIG_FILE, type GatewayConfig, loadConfigFile, parseConfig } from './load.js';

// Replaced at bundle time by the stack (esbuild `define`): Lambda environment variables hold 4 KB only.
declare const __GATEWAY_CONFIG__: unknown;

/** The config a function runs with: the one bundled into it, else GATEWAY_CONFIG or the default file. */
export function runtimeConfig(): GatewayConfig {
  if (typeof __GATEWAY_CONFIG__ !== 'undefined') return parseConfig(__GATEWAY_CONFIG__, 'bundled config');
  return loadConfigFile(process.env.GATEWAY_CONFIG ?? DEFAULT_CONFIG_FILE);
}

/** The esbuild `define` key the stack sets. */
export const BUNDLED_CONFIG_DEFINE = '__GATEWAY_CONFIG__';

/**
 * The config the stack defines into a function, as JSON the schema accepts again: every secret name
 * resolved for the stack, without what only the stack reads (so a tag or WAF change never touches
 * the functions' code).
 */
export function bundledConfigJson(config: GatewayConfig): string {
  const { secretPrefix: _prefix, deployment: _deployment, ...runtime } = config;
  return JSON.stringify(runtime);
}
