import type { ColdInitResult } from './cold-init.js';
import type { ColdProfile } from './cold-profile.js';
import type { Observability } from './cpu/fork.js';
import type { ProfileResult } from './cpu/protocol.js';
import type { CpuRow, LogVolume } from './cpu/rows.js';
import type { DynamoUnits } from './dynamo-units.js';
import type { ThroughputResult } from './local-throughput.js';
import { fixed, percent, table, times } from './support/table.js';

/** The tables `npm run bench` prints, one function per section. */

const KB = 1024;
export const INGEST_TARGET = 1.5;
export const COLD_TARGET = 1.2;

const sizeLabel = (bytes: number) => `${bytes / KB} KB`;
const observabilityLabel = (observability: Observability) =>
  observability === 'production' ? 'on (INFO + EMF to stdout)' : 'off (SILENT, metrics disabled)';

export function printCpu(
  title: string,
  notes: readonly string[],
  rows: readonly CpuRow[],
  target: number | undefined,
): void {
  console.log(`\n${title}`);
  for (const note of notes) console.log(`  ${note}`);
  console.log(
    table(
      [
        'body',
        'logging/metrics',
        'µs/event',
        'floor µs',
        'ratio',
        target === undefined ? 'target' : `target ≤${target}×`,
        'heap after MB',
      ],
      rows.map((row) => [
        sizeLabel(row.bodyBytes),
        observabilityLabel(row.observability),
        fixed(row.usPerEvent),
        fixed(row.floorUsPerEvent),
        times(row.ratio),
        target === undefined || row.observability !== 'production'
          ? '-'
          : row.ratio <= target
            ? 'met'
            : 'MISSED',
        fixed(row.heapUsedMB, 0),
      ]),
    ),
  );
}

export function printProfile(profile: ProfileResult): void {
  console.log(
    `\n  What dominates: CPU profile of ${profile.events} ingest events (1 KB, logging/metrics on), self time`,
  );
  console.log(
    table(
      ['area', 'ms', 'share'],
      profile.areas.map((area) => [area.area, fixed(area.selfMs), percent(area.share)]),
    ),
  );
  console.log(
    table(
      ['top frames', 'where', 'ms', 'share'],
      profile.frames.map((frame) => [frame.name, frame.where, fixed(frame.selfMs), percent(frame.share)]),
    ),
  );
}

export function printLogs(rows: readonly LogVolume[]): void {
  console.log('\n2b. What the functions print per event (1 KB, INFO, 1000 events; worker in batches of 10)');
  console.log(
    '  stdout only: Lambda adds its START/END/REPORT lines per invocation on top (see docs/cost.md)',
  );
  console.log(
    table(
      ['function', 'bytes/event', 'lines/event', 'EMF lines/event'],
      rows.map((row) => [
        row.fn,
        fixed(row.bytesPerEvent, 0),
        fixed(row.linesPerEvent, 2),
        fixed(row.metricLinesPerEvent, 2),
      ]),
    ),
  );
}

export function printCold(result: ColdInitResult): void {
  console.log(
    '\n3. Cold init: production bundles (built with lib/constructs/bundling.ts) vs SDK-only bundles',
  );
  console.log(
    `  median wall time of ${result.runs} fresh \`node <bundle>\` processes, NODE_OPTIONS=${result.nodeOptions ?? '(unset)'} as deployed by default; bare \`node -e 0\`: ${fixed(result.bareNodeMs)} ms`,
  );
  console.log(
    table(
      [
        'function',
        'bundle KB',
        'map KB',
        'SDK-only KB',
        'import ms',
        'SDK-only ms',
        'ratio',
        `target ≤${COLD_TARGET}×`,
        'with maps ms',
      ],
      result.rows.map((row) => [
        row.fn,
        fixed(row.bundleKB, 0),
        fixed(row.sourceMapKB, 0),
        fixed(row.sdkOnlyKB, 0),
        fixed(row.medianMs),
        fixed(row.sdkOnlyMedianMs),
        times(row.ratio),
        row.ratio === null ? 'no SDK client' : row.ratio <= COLD_TARGET ? 'met' : 'MISSED',
        fixed(row.withSourceMapsMs),
      ]),
    ),
  );
}

export function printColdProfile(fn: string, bundle: ColdProfile, sdkOnly: ColdProfile): void {
  console.log(
    `\n  What dominates: one \`node --cpu-prof\` start of ${fn} vs its SDK-only bundle (profiling inflates both)`,
  );
  const areas = [...new Set([...bundle.areas.map((a) => a.area), ...sdkOnly.areas.map((a) => a.area)])];
  const ms = (profile: ColdProfile, area: string) =>
    profile.areas.find((each) => each.area === area)?.selfMs ?? 0;
  console.log(
    table(
      ['area', `${fn} ms`, 'SDK-only ms', 'difference'],
      areas
        .map((area) => ({ area, a: ms(bundle, area), b: ms(sdkOnly, area) }))
        .sort((x, y) => y.a - y.b - (x.a - x.b))
        .map(({ area, a, b }) => [area, fixed(a), fixed(b), `${a - b >= 0 ? '+' : ''}${fixed(a - b)}`]),
    ),
  );
  console.log(`  total sampled: ${fixed(bundle.totalMs)} ms vs ${fixed(sdkOnly.totalMs)} ms`);
}

export function printUnits(rows: readonly DynamoUnits[], ratios: Record<string, number>): void {
  console.log(
    '\n4. DynamoDB request units per accepted event (real ingest + adapter requests, sized by DynamoDB rules)',
  );
  console.log(
    '  table + attention index (record without body projected: written on RECEIVED, removed on QUEUED)',
  );
  for (const units of rows) {
    console.log(
      `\n  ${sizeLabel(units.payloadBytes)} payload: body stored ${units.bodyEncoding} ${units.storedBodyBytes} B (synthetic JSON gzips ${fixed(ratios[units.payloadBytes] ?? Number.NaN, 1)}×), item ${units.itemBytes} B`,
    );
    console.log(
      table(
        ['request', 'item B', 'table WRU', 'index WRU'],
        units.writes.map((write) => [
          write.request,
          String(write.itemBytes),
          String(write.tableUnits),
          String(write.indexUnits),
        ]),
      ),
    );
    console.log(
      `  = ${units.writeUnitsPerEvent} WRU + ${units.readUnitsPerEvent} RRU (GetItem, strongly consistent) per event`,
    );
  }
}

export function printThroughput(result: ThroughputResult | { status: 'failed'; error: string }): void {
  console.log(
    '\n5. Local end-to-end throughput (EMULATOR-BOUND: DynamoDB emulator + fauxqs + poller on this machine)',
  );
  if (result.status === 'not run') {
    console.log(`  not run: ${result.reason}`);
    return;
  }
  if (result.status === 'failed') {
    console.log(`  FAILED: ${result.error}`);
    return;
  }
  console.log(
    `  ${result.senders} concurrent senders for ${result.seconds} s, 1 KB GitHub deliveries, one entity per sender, forward to a loopback receiver`,
  );
  console.log(
    table(
      ['measure', 'value'],
      [
        ['requests sent', String(result.sent)],
        [
          'answers',
          Object.entries(result.byStatus)
            .map(([status, count]) => `${status}×${count}`)
            .join(' '),
        ],
        ['202 per second (ingest)', fixed(result.acceptedPerSecond)],
        ['latency to 202 p50 / p99 ms', `${fixed(result.p50Ms)} / ${fixed(result.p99Ms)}`],
        ['processed (forwarded)', `${result.processed} of ${result.accepted}`],
        ['processed per second (HTTP → forwarded)', fixed(result.processedPerSecond)],
        ['first send → last forward s', fixed(result.endToEndSeconds)],
      ],
    ),
  );
}
