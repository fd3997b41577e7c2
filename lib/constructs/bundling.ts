import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import { BUNDLED_CONFIG_DEFINE, bundledConfigJson } from '../../lambdas/shared/config/bundled.js';
import type { GatewayConfig } from '../../lambdas/shared/config/load.js';

/** The newest Node.js runtime aws-cdk-lib knows; esbuild targets the same version. */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;
export const ESBUILD_TARGET = 'node24';

/**
 * ESM output bundles CommonJS dependencies whose `require('node:…')` calls esbuild cannot rewrite;
 * a real `require` made from the module URL lets them load Node built-ins.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __gatewayCreateRequire } from 'node:module'; const require = __gatewayCreateRequire(import.meta.url);";

/**
 * How every function is bundled, with the local esbuild (never Docker): minified ESM with source
 * maps, the AWS SDK bundled (pinned by the lockfile rather than whatever the runtime ships, and
 * faster to load), `module` entry points first so the SDK's ES build is tree-shaken.
 */
export const BASE_BUNDLING = {
  format: OutputFormat.ESM,
  target: ESBUILD_TARGET,
  minify: true,
  sourceMap: true,
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  externalModules: [],
  forceDockerBundling: false,
} as const satisfies BundlingOptions;

/** The config travels inside the bundle: Lambda environment variables hold 4 KB in total. */
export function configDefine(config: GatewayConfig): Record<string, string> {
  return { [BUNDLED_CONFIG_DEFINE]: bundledConfigJson(config) };
}

/** The options the stack hands to `NodejsFunction`. */
export function gatewayBundling(config: GatewayConfig): BundlingOptions {
  return { ...BASE_BUNDLING, mainFields: [...BASE_BUNDLING.mainFields], define: configDefine(config) };
}

/**
 * The same build expressed as esbuild options, so a benchmark builds byte-for-byte what CDK deploys
 * (CDK runs `esbuild --bundle --platform=node` with these flags).
 */
export function gatewayEsbuildOptions(config: GatewayConfig, entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: BASE_BUNDLING.format,
    target: BASE_BUNDLING.target,
    minify: BASE_BUNDLING.minify,
    sourcemap: BASE_BUNDLING.sourceMap,
    mainFields: [...BASE_BUNDLING.mainFields],
    banner: { js: BASE_BUNDLING.banner },
    external: [...BASE_BUNDLING.externalModules],
    define: configDefine(config),
  };
}
