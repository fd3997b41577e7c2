/**
 * `npm run bench`: ingest and worker CPU against the floor, cold init against an SDK-only bundle,
 * DynamoDB request units and AWS calls per event, the cost per million events they make, and
 * end-to-end throughput of the local stack. Prints a table per section and every figure against its
 * target (bench/targets.ts), and writes everything to bench/results.json. Options: `--quick` (fewer
 * iterations), `--only=ingest,worker,logs,cold,units,e2e` (`units` includes the calls and the cost).
 * Exits non-zero when something could not be measured, not when a target is missed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseConfig } from '../lambdas/shared/config/validate.js';
import { DEFAULT_MEMORY_MB } from '../lib/constructs/gateway-function.js';
import { type AwsCalls, measureAwsCalls } from './calls/measure.js';
import { bundleEnv, type ColdInitResult, measureColdInit } from './cold-init.js';
import { profileColdStart } from './cold-profile.js';
import { costInputs, costsOf, deployments } from './cost-inputs.js';
import { type Cost, settledPerMillion } from './cost-model.js';
import { runChild } from './cpu/fork.js';
import { type CpuRow, cpuRows, type LogVolume, logVolume } from './cpu/rows.js';
import { type DynamoUnits, dynamoUnits, gzipRatio } from './dynamo-units.js';
import { measureLocalThroughput, type ThroughputResult } from './local-throughput.js';
import {
  COLD_TARGET,
  INGEST_TARGET,
  printCalls,
  printCold,
  printColdProfile,
  printCost,
  printCpu,
  printIngestBudget,
  printLogs,
  printProfile,
  printTargets,
  printThroughput,
  printUnits,
  sizeLabel,
} from './report.js';
import { fixed } from './support/table.js';
import { type Verdict, verdict } from './targets.js';

const SECTIONS = ['ingest', 'worker', 'logs', 'cold', 'units', 'e2e'] as const;
type Section = (typeof SECTIONS)[number];

const RESULTS_FILE = fileURLToPath(new URL('./results.json', import.meta.url));

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } },
});
const quick = values.quick === true;
const wanted = new Set<string>(values.only?.split(',').map((name) => name.trim()) ?? SECTIONS);
const unknown = [...wanted].filter((name) => !(SECTIONS as readonly string[]).includes(name));
if (unknown.length > 0)
  throw new Error(`unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
const runs = (section: Section) => wanted.has(section);

const KB = 1024;

async function main(): Promise<void> {
  // The SDK warns that Node 20 support ends; the functions run on Node 24 and this is no news here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const started = new Date();
  const cpu = cpus();
  const machine = {
    node: process.version,
    platform: `${process.platform}/${process.arch}`,
    cpu: `${cpu[0]?.model ?? 'unknown'} ×${cpu.length}`,
    memoryGB: Math.round(totalmem() / 2 ** 30),
  };
  console.log(
    `webhook-gateway bench · ${started.toISOString()} · Node ${machine.node} ${machine.platform} · ${machine.cpu}${quick ? ' · QUICK' : ''}`,
  );
  const results: Record<string, unknown> = { generatedAt: started.toISOString(), quick, machine };
  let failed = false;
  /** A measurement that could not be made: reported, and the run exits non-zero. */
  const failure = (what: string, error: unknown) => {
    failed = true;
    console.log(`\n  FAILED to measure ${what}: ${briefly(error)}`);
  };
  /** Runs a section; if it cannot measure, the rest still run and the run fails at the end. */
  const attempt = async (what: string, section: () => Promise<unknown>) => {
    try {
      await section();
    } catch (error) {
      failure(what, error);
    }
  };
  let ingestRows: CpuRow[] | undefined;
  let workerRows: CpuRow[] | undefined;
  let logs: LogVolume[] | undefined;
  let cold: ColdInitResult | undefined;
  let calls: AwsCalls | undefined;
  let costs: Cost[] | undefined;
  let unitRows: DynamoUnits[] | undefined;

  const cpuNote =
    'CPU = process.cpuUsage (user+system, all threads) over many events after a warm-up, in forked children with stdout discarded';
  const heapNote =
    'heap after = heap in use after the run and a full GC (the stores are emptied every round)';
  /** Measures one function's CPU table, prints it with its notes and keeps its rows in the results. */
  const cpuSection = async (
    fn: 'ingest' | 'worker',
    title: string,
    floorNotes: string[],
    target?: number,
  ) => {
    const rows = await cpuRows(fn, quick);
    printCpu(title, [cpuNote, ...floorNotes, heapNote], rows, target);
    results[fn] = rows;
    return rows;
  };
  if (runs('ingest')) {
    await attempt('ingest CPU', async () => {
      const rows = await cpuSection(
        'ingest',
        '1. Ingest CPU per event (handler + in-memory table/queue/secrets, signed API Gateway proxy events)',
        [
          'floor = HMAC-SHA256 + SHA-256 + JSON.parse of the body, measured in a child that loads no handler',
          'logging/metrics on = Powertools at production settings printing JSON logs and EMF to the discarded stdout',
        ],
        INGEST_TARGET,
      );
      ingestRows = rows;
      const missed = rows.some(
        (row) => row.bodyBytes === KB && row.observability === 'production' && row.ratio > INGEST_TARGET,
      );
      if (missed) {
        const { result } = await runChild(
          {
            scenario: 'ingest-profile',
            bodyBytes: KB,
            warmupEvents: 2000,
            rounds: 1,
            eventsPerRound: quick ? 2000 : 5000,
          },
          { observability: 'production', functionName: 'webhook-gateway-ingest' },
        );
        if (result.kind === 'profile') {
          printProfile(result);
          results.ingestProfile = result;
        }
        const budgetRow = rows.find((row) => row.bodyBytes === KB && row.observability === 'production');
        const parts = await runChild(
          {
            scenario: 'ingest-parts',
            bodyBytes: KB,
            warmupEvents: 2000,
            rounds: quick ? 4 : 8,
            eventsPerRound: 3000,
          },
          { observability: 'production', functionName: 'webhook-gateway-ingest' },
        );
        if (budgetRow !== undefined && parts.result.kind === 'parts') {
          printIngestBudget(budgetRow, parts.result);
          results.ingestBudget = parts.result;
        }
      }
    });
  }

  if (runs('worker')) {
    await attempt('worker CPU', async () => {
      workerRows = await cpuSection(
        'worker',
        '2. Worker CPU per record (batches of 10, in-memory ports, a source with no actions)',
        [
          'floor = the ingest floor + one MemoryEventStore transition per record, in a child that loads no handler',
          'with no actions the worker never reads the body, so the 64 KB floor (which hashes it) is above the worker',
        ],
      );
    });
  }

  const measureLogs = async () => {
    logs = [await logVolume('ingest'), await logVolume('worker')];
    printLogs(logs);
    results.logs = logs;
    return logs;
  };
  if (runs('logs')) await attempt('log volume', measureLogs);

  if (runs('cold')) {
    await attempt('cold init', async () => {
      const outDir = mkdtempSync(join(tmpdir(), 'gateway-bundles-'));
      try {
        cold = await measureColdInit(outDir, quick ? 10 : 21);
        printCold(cold);
        results.coldInit = cold;
        const worst = [...cold.rows]
          .filter((row) => row.ratio !== null)
          .sort((a, b) => (b.ratio ?? 0) - (a.ratio ?? 0))[0];
        if (worst !== undefined && (worst.ratio ?? 0) > COLD_TARGET) {
          const env = bundleEnv(worst.fn, cold?.nodeOptions);
          const bundle = profileColdStart(join(outDir, worst.fn, 'index.mjs'), env);
          const sdkOnly = profileColdStart(join(outDir, `${worst.fn}-sdk-only`, 'index.mjs'), env);
          printColdProfile(worst.fn, bundle, sdkOnly);
          results.coldInitProfile = { fn: worst.fn, bundle, sdkOnly };
        }
      } finally {
        rmSync(outDir, { recursive: true, force: true });
      }
    });
  }

  if (runs('units')) {
    await attempt('AWS calls, units and cost', async () => {
      calls = await measureAwsCalls();
      printCalls(calls);
      const { raw: _raw, ...summary } = calls;
      results.awsCalls = summary;
      // Billed by DynamoDB's published rules on the captured requests (reads of items not yet
      // written included, which DynamoDB Local leaves out): the units the targets and the cost use.
      try {
        unitRows = [await dynamoUnits(KB), await dynamoUnits(32 * KB)];
        const ratios = { [KB]: gzipRatio(KB), [32 * KB]: gzipRatio(32 * KB) };
        printUnits(unitRows, ratios);
        results.dynamoUnits = unitRows;
      } catch (error) {
        failure('DynamoDB units by the billing rules (bench/dynamo-units.ts)', error);
      }
      const unitsOf = (bytes: number) => unitRows?.find((row) => row.payloadBytes === bytes);
      // The cost needs what the functions print: measured here when the logs section did not run.
      const measured = logs ?? (await measureLogs());
      // The defaults a deployment gets: batch size, retention, auto scaling's target utilization.
      const config = parseConfig({ sources: [{ id: 'defaults', scheme: 'github' }] });
      const memoryMB = { ingest: DEFAULT_MEMORY_MB, worker: config.worker.memoryMB };
      const all = deployments({
        batchSize: config.worker.batchSize,
        retentionDays: config.retentionDays,
        targetUtilization: config.deployment.table.targetUtilizationPercent / 100,
        memoryMB,
        tracing: config.observability.tracing,
      });
      const priced = calls.sizes.filter((size) => size.status === 202);
      for (const size of calls.sizes.filter((each) => each.status !== 202))
        failure(
          `the cost of ${sizeLabel(size.bodyBytes)} events`,
          new Error(`ingest answered ${size.status}`),
        );
      const inputs = priced.map((size) =>
        costInputs(
          sizeLabel(size.bodyBytes),
          {
            calls: size,
            ...withUnits(unitsOf(size.bodyBytes)),
            logs: measured,
            ...(ingestRows === undefined ? {} : { ingestCpu: ingestRows }),
            ...(workerRows === undefined ? {} : { workerCpu: workerRows }),
          },
          memoryMB,
        ),
      );
      costs = inputs.flatMap((input) => costsOf(input, all));
      printCost(inputs, costs);
      results.cost = { inputs, costs };
    });
  }

  if (runs('e2e')) {
    let throughput: ThroughputResult | { status: 'failed'; error: string };
    try {
      throughput = await measureLocalThroughput({ senders: 50, seconds: 10, bodyBytes: KB });
    } catch (error) {
      failed = true;
      throughput = { status: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
    printThroughput(throughput);
    results.localThroughput = throughput;
  }

  const verdicts = targetVerdicts({ ingestRows, cold, calls, units: unitRows, costs }, runs);
  printTargets(verdicts);
  results.targets = verdicts;

  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nresults: ${RESULTS_FILE} (${((Date.now() - started.getTime()) / 1000).toFixed(0)} s)`);
  if (failed) process.exitCode = 1;
}

/** Every figure with a target, from what this run measured; the rest are marked not measured. */
/** An error's first line and its last few: a failed bundle's stderr holds a whole minified line. */
function briefly(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const [first = '', ...rest] = lines;
  // Messages, not stack frames nor the minified source line a failed bundle points at.
  const messages = rest.filter(
    (line) => !/^\s*(at |Node\.js v|\^)/.test(line) && line.length <= 240 && /\w/.test(line),
  );
  const clip = (line: string) => (line.length > 240 ? `${line.slice(0, 240)}…` : line);
  return [first, ...messages.slice(-3)].map((line) => clip(line.trim())).join('\n    ');
}

const withUnits = (row: DynamoUnits | undefined) =>
  row === undefined ? {} : { units: { write: row.writeUnitsPerEvent, read: row.readUnitsPerEvent } };

function targetVerdicts(
  measured: {
    ingestRows: readonly CpuRow[] | undefined;
    cold: ColdInitResult | undefined;
    calls: AwsCalls | undefined;
    units: readonly DynamoUnits[] | undefined;
    costs: readonly Cost[] | undefined;
  },
  ran: (section: Section) => boolean,
): Verdict[] {
  const { ingestRows, cold, calls, units, costs } = measured;
  const notRun = (section: Section) => ({
    note: ran(section) ? 'FAILED to measure (see above)' : `--only without ${section}`,
  });
  const verdicts: Verdict[] = [];
  const oneKB = calls?.sizes.find((size) => size.bodyBytes === KB);
  const localUnits =
    oneKB === undefined
      ? ''
      : `${calls?.engine ?? ''} reported ${fixed(oneKB.ingestWriteUnits + oneKB.workerWriteUnits)}`;
  const rules = units?.find((row) => row.payloadBytes === KB);
  verdicts.push(
    rules !== undefined
      ? verdict('writeUnits', rules.writeUnitsPerEvent, {
          note: `${rules.writes.map((write) => write.tableUnits + write.indexUnits).join(' + ')} by DynamoDB's rules; ${localUnits}`,
        })
      : oneKB !== undefined
        ? verdict('writeUnits', oneKB.ingestWriteUnits + oneKB.workerWriteUnits, {
            note: `${localUnits} (the rules-based count failed)`,
          })
        : verdict('writeUnits', null, notRun('units')),
  );
  const warmest = calls === undefined ? undefined : Math.max(...calls.warm.map((each) => each.sequential));
  verdicts.push(
    calls === undefined || warmest === undefined
      ? verdict('sequentialCalls', null, notRun('units'))
      : verdict('sequentialCalls', warmest, {
          note: `${calls.warm[0]?.chain ?? ''}; a container's first request: ${calls.cold.sequential}`,
        }),
  );
  verdicts.push(
    calls === undefined
      ? verdict('duplicateReads', null, notRun('units'))
      : verdict('duplicateReads', calls.duplicate.dynamoReads, {
          note: `${calls.engine}: ${calls.duplicate.chain}${rules === undefined ? '' : `; by the rules ${rules.duplicate.readUnits} RRU + ${rules.duplicate.writeUnits} WRU`}`,
        }),
  );
  if (cold === undefined) verdicts.push(verdict('coldInit', null, notRun('cold')));
  for (const row of cold?.rows ?? []) {
    const figure = `cold init ${row.fn} vs its SDK clients alone`;
    verdicts.push(
      row.ratio === null
        ? verdict('coldInit', null, { figure, note: 'no SDK client: nothing to compare with' })
        : verdict('coldInit', row.ratio, {
            figure,
            note: `${fixed(row.medianMs)} ms vs ${fixed(row.sdkOnlyMedianMs)} ms`,
          }),
    );
  }
  const cpu = ingestRows?.find((row) => row.bodyBytes === KB && row.observability === 'production');
  verdicts.push(
    cpu === undefined
      ? verdict('ingestCpu', null, notRun('ingest'))
      : verdict('ingestCpu', cpu.ratio, {
          note: `${fixed(cpu.usPerEvent)} µs vs a ${fixed(cpu.floorUsPerEvent)} µs floor`,
        }),
  );
  for (const [id, api] of [
    ['costHttp', 'http'],
    ['costRest', 'rest'],
  ] as const) {
    const priced = costs?.filter((cost) => cost.label === '1 KB' && cost.deployment.api === api) ?? [];
    if (priced.length === 0) verdicts.push(verdict(id, null, notRun('units')));
    for (const cost of priced)
      verdicts.push(
        verdict(id, cost.totalPerMillion, {
          figure: `${verdict(id, null).figure}, DynamoDB ${cost.deployment.capacity}`,
          note: `$${settledPerMillion(cost).toFixed(2)} of it before logs, reads and Lambda time`,
        }),
      );
  }
  return verdicts;
}

await main();
