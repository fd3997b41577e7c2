import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/paths.js';
import { INFRA_CONFIG, synthGateway } from './support/synth.js';

const workdir = mkdtempSync(join(tmpdir(), 'gateway-app-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

/** Runs the CDK app (`bin/app.ts`, as cdk.json does) with the given config file content. */
function synthWithConfig(config: unknown) {
  const path = join(workdir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config));
  return spawnSync(join(PROJECT_ROOT, 'node_modules/.bin/tsx'), ['bin/app.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, GATEWAY_CONFIG: path, CDK_OUTDIR: join(workdir, 'cdk.out') },
    encoding: 'utf8',
  });
}

const validSource = { id: 'shop', scheme: 'shopify' };

describe('cdk synth with a bad config', () => {
  it('exits 1 naming the invalid field, without a stack trace', () => {
    const result = synthWithConfig({ sources: [validSource], worker: { batchSize: 11 } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('worker.batchSize');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('names the source field that is wrong', () => {
    const result = synthWithConfig({ sources: [{ id: 'Bad Id', scheme: 'shopify' }] });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('sources.0.id');
  });

  it('exits 1 on a file that is not JSON', () => {
    const result = synthWithConfig('{ "sources": [');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('is not valid JSON');
  });

  it('rejects a log retention CloudWatch does not offer, naming the field', () => {
    const result = synthWithConfig({ sources: [validSource], observability: { logRetentionDays: 10 } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('observability.logRetentionDays: 10 is not a CloudWatch Logs retention');
  });
});

describe('log retention', () => {
  it('accepts a retention CloudWatch offers (731 days)', () => {
    const config = {
      ...INFRA_CONFIG,
      observability: { ...INFRA_CONFIG.observability, logRetentionDays: 731 },
    };
    const { template } = synthGateway(config);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 731 });
  });
});
