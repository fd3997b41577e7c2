import { ConfigError } from '../errors.js';
import type { GatewayConfig } from './load.js';

/** The esbuild `define` key the stack sets. */
export const BUNDLED_CONFIG_DEFINE = '__GATEWAY_CONFIG__';

/** What a function is built with: the config without what only the stack reads. */
export type BundledConfig = Omit<GatewayConfig, 'secretPrefix' | 'deployment'>;

// Replaced at bundle time by the stack (esbuild `define`; Lambda environment variables hold 4 KB
// only) with `bundledConfigJson` of the config `cdk synth` validated with the schema in schema.ts
// and resolved. A function trusts it as it is, so it carries neither the schema nor zod.
declare const __GATEWAY_CONFIG__: BundledConfig | undefined;

function stackOnly(field: string): never {
  throw new ConfigError(`${field} is read by the stack only and is not bundled into the functions`);
}

/**
 * What the bundle leaves out, so that a tag or WAF change never touches the functions' code: reading
 * it in a function is a bug and fails loudly. It sits on the prototype, so spreading or logging the
 * config passes over it.
 */
const STACK_ONLY: Pick<GatewayConfig, 'secretPrefix' | 'deployment'> = {
  get secretPrefix(): never {
    return stackOnly('secretPrefix');
  },
  get deployment(): never {
    return stackOnly('deployment');
  },
};

/** The config a function runs with: the one the stack bundled into it. */
export function runtimeConfig(): GatewayConfig {
  if (typeof __GATEWAY_CONFIG__ === 'undefined') {
    throw new ConfigError(
      'no bundled config: a function is built by the stack, which defines the validated config into it',
    );
  }
  return Object.assign(Object.create(STACK_ONLY) as typeof STACK_ONLY, __GATEWAY_CONFIG__);
}

/**
 * The config the stack defines into a function, as JSON the schema accepts again: every secret name
 * resolved for the stack, without what only the stack reads (so a tag or WAF change never touches
 * the functions' code).
 */
export function bundledConfigJson(config: GatewayConfig): string {
  const { secretPrefix: _prefix, deployment: _deployment, ...runtime } = config;
  return JSON.stringify(runtime);
}
