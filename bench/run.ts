/**
 * `npm run bench`: ingest and worker CPU against the floor, cold init against an SDK-only bundle,
 * DynamoDB request units per event, and end-to-end throughput of the local stack. Prints a table per
 * section and writes everything to bench/results.json. Options: `--quick` (fewer iterations),
 * `--only=ingest,worker,logs,cold,units,e2e`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleEnv, measureColdInit } from './cold-init.js';
import { profileColdStart } from './cold-profile.js';
import { runChild } from './cpu/fork.js';
import { cpuRows, logVolume } from './cpu/rows.js';
import { dynamoUnits, gzipRatio } from './dynamo-units.js';
import { measureLocalThroughput, type ThroughputResult } from './local-throughput.js';
import {
  COLD_TARGET,
  INGEST_TARGET,
  printCold,
  printColdProfile,
  printCpu,
  printLogs,
  printProfile,
  printThroughput,
  printUnits,
} from './report.js';

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
    const rows = await cpuSection(
      'ingest',
      '1. Ingest CPU per event (handler + in-memory table/queue/secrets, signed API Gateway proxy events)',
      [
        'floor = HMAC-SHA256 + SHA-256 + JSON.parse of the body, measured in a child that loads no handler',
        'logging/metrics on = Powertools at production settings printing JSON logs and EMF to the discarded stdout',
      ],
      INGEST_TARGET,
    );
    const missed = rows.some((row) => row.observability === 'production' && row.ratio > INGEST_TARGET);
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
    }
  }

  if (runs('worker')) {
    await cpuSection(
      'worker',
      '2. Worker CPU per record (batches of 10, in-memory ports, a source with no actions)',
      [
        'floor = the ingest floor + one MemoryEventStore transition per record, in a child that loads no handler',
        'with no actions the worker never reads the body, so the 64 KB floor (which hashes it) is above the worker',
      ],
    );
  }

  if (runs('logs')) {
    const rows = [await logVolume('ingest'), await logVolume('worker')];
    printLogs(rows);
    results.logs = rows;
  }

  if (runs('cold')) {
    const outDir = mkdtempSync(join(tmpdir(), 'gateway-bundles-'));
    try {
      const cold = await measureColdInit(outDir, quick ? 10 : 15);
      printCold(cold);
      results.coldInit = cold;
      const worst = [...cold.rows]
        .filter((row) => row.ratio !== null)
        .sort((a, b) => (b.ratio ?? 0) - (a.ratio ?? 0))[0];
      if (worst !== undefined && (worst.ratio ?? 0) > COLD_TARGET) {
        const env = bundleEnv(worst.fn, cold.nodeOptions);
        const bundle = profileColdStart(join(outDir, worst.fn, 'index.mjs'), env);
        const sdkOnly = profileColdStart(join(outDir, `${worst.fn}-sdk-only`, 'index.mjs'), env);
        printColdProfile(worst.fn, bundle, sdkOnly);
        results.coldInitProfile = { fn: worst.fn, bundle, sdkOnly };
      }
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }

  if (runs('units')) {
    const rows = [await dynamoUnits(KB), await dynamoUnits(32 * KB)];
    const ratios = { [KB]: gzipRatio(KB), [32 * KB]: gzipRatio(32 * KB) };
    printUnits(rows, ratios);
    results.dynamoUnits = rows;
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

  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nresults: ${RESULTS_FILE} (${((Date.now() - started.getTime()) / 1000).toFixed(0)} s)`);
  if (failed) process.exitCode = 1;
}

await main();
