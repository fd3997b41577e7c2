import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ImportGraph, importCycles, importGraph, type ModuleImport } from './import-graph.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const graph: ImportGraph = importGraph(ROOT, ['bin', 'lib', 'lambdas', 'local', 'bench', 'test']);

/**
 * The Lambda edge: handlers and their wiring, adapters, and the Powertools and AWS glue. Everything
 * else under `lambdas/` is domain or use-case code, which sees the world only through
 * `lambdas/shared/ports.ts` (docs/architecture.md, "Code layout").
 */
const EDGE = [
  /\/adapters\//,
  /\/(handler|sweeper-handler|create-handler|deps)\.ts$/,
  /^lambdas\/shared\/(runtime-context|deployed-runtime-context|lambda-handler|api-event)\.ts$/,
  /^lambdas\/shared\/observability\//,
  /^lambdas\/ingest\/(metric-dimensions|report-outcome)\.ts$/,
  /^lambdas\/worker\/(sqs-record|report-outcome|record-log)\.ts$/,
];
const isEdge = (file: string): boolean => EDGE.some((pattern) => pattern.test(file));
const FUNCTIONS = ['ingest', 'worker', 'replay', 'status'];
const functionOf = (file: string): string | undefined =>
  FUNCTIONS.find((name) => file.startsWith(`lambdas/${name}/`));

/** What the stack may read of the runtime code: config, resource names, errors and metric names. */
const SHARED_WITH_INFRA = [
  /^lambdas\/shared\/config\//,
  /^lambdas\/shared\/resources\.ts$/,
  /^lambdas\/shared\/errors\.ts$/,
  /^lambdas\/shared\/observability\/names\.ts$/,
];

interface Rule {
  readonly rule: string;
  readonly appliesTo: (file: string) => boolean;
  readonly forbids: (imported: ModuleImport, file: string) => boolean;
}

const RULES: readonly Rule[] = [
  {
    rule: 'domain and use-case modules import nothing AWS and no adapter or handler',
    appliesTo: (file) => file.startsWith('lambdas/') && !isEdge(file),
    forbids: ({ specifier, target }) =>
      /^(@aws-sdk\/|aws-lambda$|@aws-lambda-powertools\/|@middy\/)/.test(specifier) ||
      (target !== undefined && isEdge(target) && target !== 'lambdas/shared/observability/names.ts'),
  },
  {
    rule: 'runtime code never imports the local stack, tests, the bench, the CDK app or the stack',
    appliesTo: (file) => file.startsWith('lambdas/'),
    forbids: ({ specifier, target }) =>
      /^(aws-cdk-lib|constructs|cdk-nag)(\/|$)/.test(specifier) ||
      (target !== undefined && !target.startsWith('lambdas/')),
  },
  {
    rule: 'lambdas/shared holds what functions share and imports no function folder',
    appliesTo: (file) => file.startsWith('lambdas/shared/'),
    forbids: ({ target }) => target !== undefined && functionOf(target) !== undefined,
  },
  {
    rule: 'a function imports no other function’s folder',
    appliesTo: (file) => functionOf(file) !== undefined,
    forbids: ({ target }, file) =>
      target !== undefined && functionOf(target) !== undefined && functionOf(target) !== functionOf(file),
  },
  {
    rule: 'the stack reads only config, resource names, errors and metric names of the runtime code',
    appliesTo: (file) => file.startsWith('lib/') || file === 'bin/app.ts',
    forbids: ({ target = '' }) =>
      target.startsWith('lambdas/') && !SHARED_WITH_INFRA.some((pattern) => pattern.test(target)),
  },
];

function violations(rule: Rule): string[] {
  return [...graph].flatMap(([file, imports]) =>
    rule.appliesTo(file)
      ? imports
          .filter((imported) => rule.forbids(imported, file))
          .map(({ specifier }) => `${file} → ${specifier}`)
      : [],
  );
}

describe('module layers', () => {
  it('reads the whole tree (the rules below would pass on an empty one)', () => {
    expect(graph.size).toBeGreaterThan(150);
    expect(
      [...graph.keys()].filter((file) => file.startsWith('lambdas/') && !isEdge(file)).length,
    ).toBeGreaterThan(40);
  });

  it.each(RULES)('$rule', (rule) => {
    expect(violations(rule)).toEqual([]);
  });

  it('has no import cycles', () => {
    expect(importCycles(graph)).toEqual([]);
  });
});

describe('the layer checks', () => {
  const probe = (rule: string, file: string, imported: ModuleImport): boolean => {
    const found = RULES.find((candidate) => candidate.rule.startsWith(rule));
    if (found === undefined) throw new Error(`no rule ${rule}`);
    return found.appliesTo(file) && found.forbids(imported, file);
  };

  it('catch an SDK import in the domain and an adapter import in a use case', () => {
    expect(probe('domain', 'lambdas/shared/domain/ids.ts', { specifier: '@aws-sdk/client-sqs' })).toBe(true);
    const adapter = 'lambdas/shared/adapters/dynamo-event-store.ts';
    expect(
      probe('domain', 'lambdas/worker/process-event.ts', { specifier: '../x.js', target: adapter }),
    ).toBe(true);
  });

  it('catch runtime code importing the local stack, and the stack importing a handler', () => {
    const local = { specifier: '../../local/stack.js', target: 'local/stack.ts' };
    expect(probe('runtime', 'lambdas/ingest/ingest.ts', local)).toBe(true);
    const handler = { specifier: '../lambdas/ingest/handler.js', target: 'lambdas/ingest/handler.ts' };
    expect(probe('the stack', 'lib/gateway-stack.ts', handler)).toBe(true);
  });

  it('find a two-module cycle', () => {
    const cyclic = new Map([
      ['a.ts', [{ specifier: './b.js', target: 'b.ts' }]],
      ['b.ts', [{ specifier: './a.js', target: 'a.ts' }]],
      ['c.ts', [{ specifier: './a.js', target: 'a.ts' }]],
    ]);
    expect(importCycles(cyclic)).toEqual([['a.ts', 'b.ts']]);
  });
});
