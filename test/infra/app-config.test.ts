import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_FILE } from '../../lambdas/shared/config/load.js';
import { loadConfigFile } from '../../lambdas/shared/config/validate.js';
import { assertDeployable, undeployableUrlReason } from '../../lib/deploy-checks.js';
import { PROJECT_ROOT } from '../../lib/paths.js';
import { LOCAL_CONFIG_FILE } from '../../local/settings.js';
import { INFRA_CONFIG, infraConfig, synthGateway } from './support/synth.js';

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

const forwardingTo = (url: string) => ({
  sources: [
    { id: 'shop', scheme: 'shopify' },
    { id: 'orders', scheme: 'github', actions: [{ type: 'forward', url, jwtSecretName: 'jwt/orders' }] },
  ],
});

describe('cdk synth with a forward target a deployed gateway cannot reach', () => {
  it('exits 1 naming the source of a loopback target', () => {
    const result = synthWithConfig(forwardingTo('https://127.0.0.1:4000/hooks'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'sources.1 (orders): forward URL https://127.0.0.1:4000/hooks points at 127.0.0.1, a loopback, private or link-local address',
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 1 naming the source of a plain http target', () => {
    const result = synthWithConfig(forwardingTo('http://receiver.example.com/hooks'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'sources.1 (orders): forward URL http://receiver.example.com/hooks is not https:',
    );
  });
});

describe('forward URL check', () => {
  it.each([
    ['https://localhost/hooks', 'points at localhost, a loopback name'],
    ['https://api.localhost./hooks', 'points at api.localhost, a loopback name'],
    ['https://127.0.0.1/', 'points at 127.0.0.1'],
    ['https://0x7f.1/', 'points at 127.0.0.1'],
    ['https://0.0.0.0/', 'points at 0.0.0.0'],
    ['https://10.1.2.3/', 'points at 10.1.2.3'],
    ['https://172.31.255.1/', 'points at 172.31.255.1'],
    ['https://192.168.0.10/', 'points at 192.168.0.10'],
    ['https://100.64.0.1/', 'points at 100.64.0.1'],
    ['https://169.254.169.254/latest/meta-data', 'points at 169.254.169.254'],
    ['https://[::1]/', 'points at ::1'],
    ['https://[::]/', 'points at ::'],
    ['https://[fd00::1]/', 'points at fd00::1'],
    ['https://[fe80::1]/', 'points at fe80::1'],
    ['https://[::ffff:127.0.0.1]/', 'points at ::ffff:7f00:1'],
    ['http://hooks.example.com/', 'is not https:'],
  ])('rejects %s', (url, reason) => {
    expect(undeployableUrlReason(url)).toContain(reason);
  });

  it.each([
    'https://hooks.example.com/x',
    'https://8.8.8.8/',
    'https://172.32.0.1/',
    'https://[2001:db8::1]/',
    'https://localhost.example.com/',
  ])('accepts %s', (url) => {
    expect(undeployableUrlReason(url)).toBeUndefined();
  });

  it('lists every undeployable target at once', () => {
    const config = infraConfig({
      sources: [
        { id: 'a', scheme: 'github', actions: [{ type: 'forward', url: 'http://127.0.0.1:4000/a' }] },
        { id: 'b', scheme: 'github', actions: [{ type: 'forward', url: 'https://[::1]:4000/b' }] },
      ],
    });
    expect(() => assertDeployable(config)).toThrow(/sources\.0 \(a\)[^\n]*\n[^\n]*sources\.1 \(b\)/);
  });
});

describe('the two shipped configs', () => {
  it('gateway.config.json deploys: https targets, none on loopback', () => {
    expect(() => assertDeployable(loadConfigFile(DEFAULT_CONFIG_FILE))).not.toThrow();
  });

  it('the local stack default keeps its loopback targets, which only the local stack accepts', () => {
    const local = loadConfigFile(LOCAL_CONFIG_FILE);
    expect(local.sources.flatMap((source) => source.actions.map((action) => action.url))).toContain(
      'http://127.0.0.1:4000/hooks/stripe',
    );
    expect(() => assertDeployable(local)).toThrow(/forward URL http:\/\/127\.0\.0\.1:4000\/hooks\/stripe/);
  });

  it('share everything but the forward targets', () => {
    const strip = (path: string) =>
      JSON.stringify(
        loadConfigFile(path).sources.map((source) => ({
          ...source,
          actions: source.actions.map(({ url: _url, jwtSecretName: _name, ...rest }) => rest),
        })),
      );
    expect(strip(LOCAL_CONFIG_FILE)).toBe(strip(DEFAULT_CONFIG_FILE));
  });
});

describe('cdk synth with concurrency the account cannot give', () => {
  it('exits 1 when the ingest reservation leaves Lambda fewer than 100 unreserved executions', () => {
    const result = synthWithConfig({
      sources: [validSource],
      deployment: { ingestReservedConcurrency: 950, accountConcurrencyLimit: 1000 },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'deployment.ingestReservedConcurrency: 950 leaves fewer than the 100 unreserved executions Lambda keeps in an account limited to 1000',
    );
  });

  it('exits 1 when worker.maxConcurrency does not fit what the ingest reservation leaves', () => {
    const result = synthWithConfig({
      sources: [validSource],
      worker: { maxConcurrency: 200 },
      deployment: { ingestReservedConcurrency: 100, accountConcurrencyLimit: 300 },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'worker.maxConcurrency: 200 does not fit the 200 executions left to the unreserved functions (deployment.accountConcurrencyLimit 300 minus deployment.ingestReservedConcurrency 100) with room for the status, replay and sweeper functions; lower it to 197',
    );
  });

  it('warns when an unreserved ingest shares the account with a worker allowed more than half of it', () => {
    const { stack } = synthGateway(
      infraConfig({
        worker: { batchSize: 5, maxConcurrency: 60, timeoutSeconds: 30 },
        deployment: { accountConcurrencyLimit: 100 },
      }),
    );
    Annotations.fromStack(stack).hasWarning(
      '/GatewayUnderTest',
      Match.stringLikeRegexp('Set deployment.ingestReservedConcurrency'),
    );
  });
});

describe('cdk synth with a worker timeout shorter than one attempt', () => {
  it('exits 1 naming the source whose actions cannot finish in time', () => {
    const slow = { type: 'forward', url: 'https://x.example/', jwtSecretName: 'jwt/x', timeoutMs: 40_000 };
    const result = synthWithConfig({
      sources: [validSource, { id: 'slow', scheme: 'github', actions: [slow, slow] }],
      worker: { timeoutSeconds: 60 },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "worker.timeoutSeconds: 60 s cannot fit one attempt of source slow (its actions' timeoutMs add up to 80000 ms, plus 1000 ms for the record)",
    );
  });
});

describe('termination protection', () => {
  it('is off by default', () => {
    expect(synthGateway().stack.terminationProtection).toBe(false);
  });

  it('is on with deployment.terminationProtection', () => {
    expect(
      synthGateway(infraConfig({ deployment: { terminationProtection: true } })).stack.terminationProtection,
    ).toBe(true);
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
