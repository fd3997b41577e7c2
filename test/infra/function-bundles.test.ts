import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledConfigJson, runtimeConfig } from '../../lambdas/shared/config/bundled.js';
import { gatewayEsbuildOptions } from '../../lib/constructs/bundling.js';
import { FUNCTION_ENTRIES, PROJECT_ROOT } from '../../lib/paths.js';
import { INFRA_CONFIG } from './support/synth.js';

// The functions run with the config the stack validated at synth; the schema that validated it, and
// classic zod with every locale, would only add to each cold start.
const SYNTH_ONLY = [
  /(^|\/)lambdas\/shared\/config\/(schema|validate)\.ts$/,
  /(^|\/)node_modules\/zod\/v4\/classic\//,
];

const outdir = mkdtempSync(join(tmpdir(), 'gateway-bundles-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The inputs esbuild read for an entry, built exactly as the stack builds a function. */
async function inputsOf(entry: string): Promise<string[]> {
  const { metafile } = (await build({
    ...gatewayEsbuildOptions(INFRA_CONFIG, entry, join(outdir, 'unused.mjs')),
    write: false,
    metafile: true,
    logLevel: 'silent',
  })) as { metafile: Metafile };
  return Object.keys(metafile.inputs);
}

const synthOnly = (inputs: readonly string[]) =>
  inputs.filter((input) => SYNTH_ONLY.some((pattern) => pattern.test(input)));

describe('function bundles', () => {
  it.each(Object.entries(FUNCTION_ENTRIES))(
    '%s carries neither the config schema nor classic zod',
    async (_fn, entry) => {
      expect(synthOnly(await inputsOf(entry))).toEqual([]);
    },
  );

  it('would show both, were a function to validate its config itself', async () => {
    const found = synthOnly(await inputsOf(join(PROJECT_ROOT, 'lambdas/shared/config/validate.ts')));

    expect(found).toContainEqual(expect.stringMatching(/lambdas\/shared\/config\/schema\.ts$/));
    expect(found).toContainEqual(expect.stringMatching(/node_modules\/zod\/v4\/classic\//));
  });
});

describe('the bundled config', () => {
  it('is what a function runs with, as the stack defined it', async () => {
    const outfile = join(outdir, 'runtime-config.mjs');
    const { entryPoints: _entry, ...options } = gatewayEsbuildOptions(INFRA_CONFIG, 'unused', outfile);
    await build({
      ...options,
      stdin: {
        contents: [
          `import { runtimeConfig } from './lambdas/shared/config/bundled.ts';`,
          'const config = runtimeConfig();',
          'const read = (field) => { try { return config[field]; } catch (error) { return error.message; } };',
          "console.log(JSON.stringify({ config, stackOnly: ['secretPrefix', 'deployment'].map(read) }));",
        ].join('\n'),
        resolveDir: PROJECT_ROOT,
        sourcefile: 'runtime-config.mjs',
        loader: 'js',
      },
      logLevel: 'silent',
    });

    const printed = JSON.parse(execFileSync(process.execPath, [outfile], { encoding: 'utf8' }));

    expect(printed.config).toEqual(JSON.parse(bundledConfigJson(INFRA_CONFIG)));
    expect(printed.stackOnly).toEqual([
      'secretPrefix is read by the stack only and is not bundled into the functions',
      'deployment is read by the stack only and is not bundled into the functions',
    ]);
  });

  it('is required: without one, a function refuses to start rather than guess', () => {
    expect(() => runtimeConfig()).toThrow('no bundled config');
  });
});
