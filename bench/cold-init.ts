import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build, type Metafile } from 'esbuild';
import { DEFAULT_CONFIG_FILE } from '../lambdas/shared/config/load.js';
import { loadConfigFile } from '../lambdas/shared/config/validate.js';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../lambdas/shared/observability/names.js';
import { ENV } from '../lambdas/shared/resources.js';
import { gatewayEsbuildOptions } from '../lib/constructs/bundling.js';
import { SOURCE_MAPS_NODE_OPTIONS } from '../lib/constructs/gateway-function.js';
import { FUNCTION_ENTRIES, type FunctionName, PROJECT_ROOT } from '../lib/paths.js';
import { median } from './support/stats.js';

export interface PackageShare {
  readonly name: string;
  readonly kb: number;
}

export interface ColdInitRow {
  readonly fn: FunctionName;
  readonly bundleKB: number;
  readonly sourceMapKB: number;
  /** The AWS SDK client packages esbuild put into the bundle. */
  readonly sdkPackages: readonly string[];
  /** Same esbuild options, an entry that only creates those clients; null without SDK clients. */
  readonly sdkOnlyKB: number | null;
  /** Median wall time of `node <bundle>` as deployed by default (no NODE_OPTIONS: source maps off). */
  readonly medianMs: number;
  readonly sdkOnlyMedianMs: number | null;
  /** The median over rounds of the bundle's time over its SDK-only bundle's, measured back to back. */
  readonly ratio: number | null;
  /** The same bundle with `--enable-source-maps` (`observability.sourceMaps: true`). */
  readonly withSourceMapsMs: number;
  readonly largestPackages: readonly PackageShare[];
}

export interface ColdInitResult {
  readonly runs: number;
  readonly bareNodeMs: number;
  /** NODE_OPTIONS as deployed by default; undefined when the stack sets none. */
  readonly nodeOptions: string | undefined;
  readonly rows: readonly ColdInitRow[];
}

const SDK_PACKAGE = /node_modules\/(@aws-sdk\/(?:client-[^/]+|lib-dynamodb))\//;
const ANY_PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)\//;

function sdkPackagesOf(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const name = SDK_PACKAGE.exec(input)?.[1];
    if (name !== undefined) found.add(name);
  }
  return [...found].sort();
}

function largestPackages(metafile: Metafile, top: number): PackageShare[] {
  const bytes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = ANY_PACKAGE.exec(input)?.[1] ?? 'gateway code';
      bytes.set(name, (bytes.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...bytes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, size]) => ({ name, kb: size / 1024 }));
}

/** The client class a package exports (`DynamoDBClient`, `SQSClient`, …), found by loading it. */
async function clientClassOf(pkg: string): Promise<string> {
  const exports: Record<string, unknown> = await import(pkg);
  const name = Object.keys(exports).find((key) => /^[A-Z]\w*Client$/.test(key));
  if (name === undefined) throw new Error(`${pkg} exports no client class`);
  return name;
}

/** An entry that creates each client once at module scope, as the functions do, and nothing else. */
async function sdkOnlySource(packages: readonly string[]): Promise<string> {
  const lines: string[] = [];
  const clients: string[] = [];
  const hasDocument = packages.includes('@aws-sdk/lib-dynamodb');
  for (const pkg of packages.filter((each) => each !== '@aws-sdk/lib-dynamodb')) {
    const name = await clientClassOf(pkg);
    lines.push(`import { ${name} } from '${pkg}';`);
    clients.push(
      hasDocument && pkg === '@aws-sdk/client-dynamodb'
        ? `DynamoDBDocumentClient.from(new ${name}({}))`
        : `new ${name}({})`,
    );
  }
  if (hasDocument) lines.push(`import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';`);
  lines.push(`export const clients = [${clients.join(', ')}];`);
  return lines.join('\n');
}

const kilobytes = (path: string): number => statSync(path).size / 1024;

/** The environment a function's bundle reads at import: its resource names, region, dummy credentials. */
export function bundleEnv(fn: string, nodeOptions: string | undefined): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    ...(nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions }),
    [ENV.tableName]: 'webhook-gateway-events',
    [ENV.queueUrl]: 'https://sqs.us-east-1.amazonaws.com/123456789012/webhook-gateway-events.fifo',
    [ENV.deadLetterQueueUrl]:
      'https://sqs.us-east-1.amazonaws.com/123456789012/webhook-gateway-events-dlq.fifo',
    [ENV.bodyBucket]: 'webhook-gateway-bodies',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_LAMBDA_FUNCTION_NAME: `webhook-gateway-${fn}`,
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    POWERTOOLS_LOG_LEVEL: 'INFO',
  };
}

interface Target {
  readonly key: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

/** Wall time of one fresh `node` process, start to exit; throws if it failed. */
function wallMs(target: Target): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, target.args, {
    env: target.env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const elapsed = performance.now() - start;
  if (run.status !== 0) throw new Error(`${target.key} exited with ${run.status}: ${run.stderr.toString()}`);
  return elapsed;
}

/**
 * Builds every function exactly as the stack does (`gatewayEsbuildOptions`: minified ESM, SDK
 * bundled, the config defined in) plus an SDK-only bundle per function, then times `runs` fresh
 * processes of each, interleaved so drift on the machine hits all of them alike.
 */
export async function measureColdInit(outDir: string, runs: number): Promise<ColdInitResult> {
  const config = loadConfigFile(process.env.GATEWAY_CONFIG ?? join(PROJECT_ROOT, DEFAULT_CONFIG_FILE));
  const builds: Array<{ fn: FunctionName; bundle: string; sdkOnly: string | null; metafile: Metafile }> = [];
  for (const [fn, entry] of Object.entries(FUNCTION_ENTRIES) as Array<[FunctionName, string]>) {
    const bundle = join(outDir, fn, 'index.mjs');
    const { metafile } = await build({
      ...gatewayEsbuildOptions(config, entry, bundle),
      metafile: true,
      logLevel: 'error',
    });
    const packages = sdkPackagesOf(metafile);
    let sdkOnly: string | null = null;
    if (packages.length > 0) {
      sdkOnly = join(outDir, `${fn}-sdk-only`, 'index.mjs');
      const { entryPoints: _entry, ...options } = gatewayEsbuildOptions(config, entry, sdkOnly);
      await build({
        ...options,
        stdin: {
          contents: await sdkOnlySource(packages),
          resolveDir: PROJECT_ROOT,
          sourcefile: `${fn}-sdk-only.mjs`,
        },
        logLevel: 'error',
      });
    }
    builds.push({ fn, bundle, sdkOnly, metafile });
  }

  const targets: Target[] = [{ key: 'bare', args: ['-e', '0'], env: { PATH: process.env.PATH ?? '' } }];
  for (const { fn, bundle, sdkOnly } of builds) {
    targets.push({ key: `${fn}:maps`, args: [bundle], env: bundleEnv(fn, SOURCE_MAPS_NODE_OPTIONS) });
    targets.push({ key: `${fn}`, args: [bundle], env: bundleEnv(fn, undefined) });
    if (sdkOnly !== null)
      targets.push({ key: `${fn}:sdk-only`, args: [sdkOnly], env: bundleEnv(fn, undefined) });
  }
  const times = new Map<string, number[]>(targets.map((target) => [target.key, []]));
  for (const target of targets) wallMs(target); // page cache warm, once each
  for (let run = 0; run < runs; run += 1) {
    for (const target of targets) times.get(target.key)?.push(wallMs(target));
  }
  const medianOf = (key: string): number | null => {
    const values = times.get(key);
    return values === undefined || values.length === 0 ? null : median(values);
  };

  // The ratio of each round's pair (measured back to back), then the median: drift and a noisy
  // neighbour on the machine hit both halves of a pair alike, which a ratio of two medians does not cancel.
  const pairedRatio = (key: string): number => {
    const bundle = times.get(key) ?? [];
    const floor = times.get(`${key}:sdk-only`) ?? [];
    return median(bundle.map((ms, index) => ms / (floor[index] ?? Number.NaN)));
  };

  const rows = builds.map(({ fn, bundle, sdkOnly, metafile }): ColdInitRow => {
    const medianMs = medianOf(fn) ?? Number.NaN;
    const sdkOnlyMedianMs = sdkOnly === null ? null : medianOf(`${fn}:sdk-only`);
    return {
      fn,
      bundleKB: kilobytes(bundle),
      sourceMapKB: kilobytes(`${bundle}.map`),
      sdkPackages: sdkPackagesOf(metafile),
      sdkOnlyKB: sdkOnly === null ? null : kilobytes(sdkOnly),
      medianMs,
      sdkOnlyMedianMs,
      ratio: sdkOnlyMedianMs === null ? null : pairedRatio(fn),
      withSourceMapsMs: medianOf(`${fn}:maps`) ?? Number.NaN,
      largestPackages: largestPackages(metafile, 8),
    };
  });
  return { runs, bareNodeMs: medianOf('bare') ?? Number.NaN, nodeOptions: undefined, rows };
}
