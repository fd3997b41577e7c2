import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayEsbuildOptions } from '../../lib/constructs/bundling.js';
import { GatewayFunction } from '../../lib/constructs/gateway-function.js';
import { FUNCTION_ENTRIES } from '../../lib/paths.js';
import { INFRA_CONFIG, logicalId } from './support/synth.js';

// The one test that really bundles: the ingest function, with the local esbuild, as `cdk synth` does.
let outdir: string;
let bundleDir: string;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'gateway-bundle-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'BundleSmoke');
  const fn = new GatewayFunction(stack, 'Ingest', {
    entry: FUNCTION_ENTRIES.ingest,
    config: INFRA_CONFIG,
    description: 'bundling smoke test',
  });
  app.synth();
  const code = Template.fromStack(stack).findResources('AWS::Lambda::Function')[logicalId(fn.function)]
    ?.Properties?.Code as { S3Key: string };
  bundleDir = join(outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
}, 120_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

describe('function bundling', () => {
  it('writes a minified ES module with its source map', () => {
    expect(existsSync(join(bundleDir, 'index.mjs'))).toBe(true);
    expect(existsSync(join(bundleDir, 'index.mjs.map'))).toBe(true);
    const code = readFileSync(join(bundleDir, 'index.mjs'), 'utf8');
    expect(code).toContain('//# sourceMappingURL=index.mjs.map');
    // Minified: the source's own function names are gone.
    expect(code).not.toContain('createIngestHandler');
  });

  it('bundles the AWS SDK instead of importing it from the runtime', () => {
    const code = readFileSync(join(bundleDir, 'index.mjs'), 'utf8');
    const imported = [...code.matchAll(/(?:^|[;}])import\s*(?:[\w${},\s*]+from\s*)?"([^"]+)"/gm)].map(
      (match) => match[1] ?? '',
    );
    expect(imported.length).toBeGreaterThan(0);
    for (const specifier of imported) expect(builtinModules).toContain(specifier.replace(/^node:/, ''));
    expect(code).toContain('GetSecretValue');
  });

  it('defines the validated config into the bundle', () => {
    const code = readFileSync(join(bundleDir, 'index.mjs'), 'utf8');
    expect(code).toContain('custom/github-signing');
    expect(code).toContain('acme/forward-jwt');
  });

  it('loads on Node and exports handler without reading a config file', () => {
    const script = `const m = await import(${JSON.stringify(pathToFileURL(join(bundleDir, 'index.mjs')).href)}); console.log(typeof m.handler);`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'eu-west-1',
        TABLE_NAME: 'events',
        QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/events.fifo',
        DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/events-dlq.fifo',
        BODY_BUCKET: 'webhookgateway-bodies',
        GATEWAY_CONFIG: '/nonexistent/gateway.config.json',
        POWERTOOLS_TRACE_ENABLED: 'false',
        POWERTOOLS_METRICS_DISABLED: 'true',
      },
      encoding: 'utf8',
    });
    expect(output.trim()).toBe('function');
  });

  it('builds the same code from the exported esbuild options as CDK does', async () => {
    const benchDir = mkdtempSync(join(tmpdir(), 'gateway-esbuild-'));
    try {
      const outfile = join(benchDir, 'index.mjs');
      await build({
        ...gatewayEsbuildOptions(INFRA_CONFIG, FUNCTION_ENTRIES.ingest, outfile),
        logLevel: 'silent',
      });
      expect(readFileSync(outfile, 'utf8')).toBe(readFileSync(join(bundleDir, 'index.mjs'), 'utf8'));
    } finally {
      rmSync(benchDir, { recursive: true, force: true });
    }
  });
});
