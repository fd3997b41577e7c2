import type { AwsCalls } from './calls/measure.js';
import { describeCalls } from './calls/trace.js';
import type { ColdInitResult } from './cold-init.js';
import type { ColdProfile } from './cold-profile.js';
import type { CostInputs } from './cost-inputs.js';
import type { Cost } from './cost-model.js';
import type { Observability } from './cpu/fork.js';
import type { PartsResult, ProfileResult } from './cpu/protocol.js';
import type { CpuRow, LogVolume } from './cpu/rows.js';
import type { DynamoUnits } from './dynamo-units.js';
import type { ThroughputResult } from './local-throughput.js';
import { fixed, percent, table, times } from './support/table.js';
import { TARGETS, type Verdict } from './targets.js';

/** The tables `npm run bench` prints, one function per section. */

const KB = 1024;
export const INGEST_TARGET = TARGETS.ingestCpu.max;
export const COLD_TARGET = TARGETS.coldInit.max;

export const sizeLabel = (bytes: number): string =>
  bytes >= KB * KB ? `${fixed(bytes / KB / KB, 0)} MiB` : `${bytes / KB} KB`;
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
            ? 'MET'
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

/**
 * What the ingest target leaves once an accepted 1 KB event has paid the floor and the two parts no
 * rewrite of the gateway's own code removes.
 */
export function printIngestBudget(row: CpuRow, parts: PartsResult): void {
  const budget = row.floorUsPerEvent * INGEST_TARGET;
  const paid = row.floorUsPerEvent + parts.gzipUs + parts.reportUs;
  console.log(
    `\n  The ${INGEST_TARGET}× budget (1 KB, logging/metrics on): what every accepted event pays first`,
  );
  console.log(
    `  gzip and the reporting chain timed alone over ${parts.events} events each, in a child with production logging and metrics`,
  );
  console.log(
    table(
      ['part', 'µs/event'],
      [
        ['floor: HMAC-SHA256 + SHA-256 + JSON.parse', fixed(row.floorUsPerEvent)],
        ['gzip of the body (one write unit instead of two)', fixed(parts.gzipUs)],
        [
          'the handler chain reporting the answer: middy, Powertools, log line, EMF line',
          fixed(parts.reportUs),
        ],
        ['paid before anything else', fixed(paid)],
        [`target: ${INGEST_TARGET}× the floor`, fixed(budget)],
        ['left for headers, selectors, the record, put, send and the response', fixed(budget - paid)],
        ['the whole handler, measured above', fixed(row.usPerEvent)],
      ],
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
    '  ratio = median over the rounds of (bundle ms / its SDK-only bundle ms), each pair run back to back',
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
        row.ratio === null ? 'no SDK client' : row.ratio <= COLD_TARGET ? 'MET' : 'MISSED',
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
    '  a write is billed on the larger of the item before and after it, the attention index on its projection; these units feed the targets and the cost',
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
      `  = ${units.writeUnitsPerEvent} WRU + ${units.readUnitsPerEvent} RRU (strongly consistent reads) per event`,
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

export function printCalls(calls: AwsCalls): void {
  console.log(
    `\n4b. AWS calls per request: ingest and worker as deployed, against ${calls.engine} and fauxqs, every SDK call recorded`,
  );
  console.log(
    '  sequential = calls awaited one after another before the answer (calls in flight together count once); units as DynamoDB reported them',
  );
  const row = (name: string, summary: AwsCalls['cold']) => [
    name,
    String(summary.status),
    String(summary.calls),
    String(summary.sequential),
    summary.chain,
    `${fixed(summary.readUnits)} / ${fixed(summary.writeUnits)}`,
  ];
  const [firstWarm] = calls.warm;
  console.log(
    table(
      ['ingest request', 'status', 'calls', 'sequential', 'awaited in turn', 'RRU / WRU'],
      [
        row("a container's first (secret, lag mark)", calls.cold),
        ...(firstWarm === undefined ? [] : [row('warm, 1 KB', firstWarm)]),
        row('duplicate of a warm one', calls.duplicate),
        ...calls.sizes
          .filter((size) => size.bodyBytes !== KB)
          .map((size) => [
            `warm, ${sizeLabel(size.bodyBytes)}`,
            String(size.status),
            '',
            String(size.ingestChain.length),
            describeCalls(size.ingestChain),
            `${fixed(size.ingestReadUnits)} / ${fixed(size.ingestWriteUnits)}`,
          ]),
      ],
    ),
  );
  console.log(
    table(
      ['per event', 'RRU', 'WRU', 'SQS message B', 'S3 PUT/GET', 'table items / B', 'worker awaits in turn'],
      calls.sizes.map((size) => [
        sizeLabel(size.bodyBytes),
        fixed(size.ingestReadUnits + size.workerReadUnits, 2),
        fixed(size.ingestWriteUnits + size.workerWriteUnits, 2),
        String(size.queueMessageBytes ?? '-'),
        `${fixed(size.s3Puts, 0)} / ${fixed(size.s3Gets, 0)}`,
        `${size.storedItems} / ${size.storedBytes}`,
        `${describeCalls(size.workerChain.slice(0, size.workerChain.length / Math.max(1, size.workerEvents)))}`,
      ]),
    ),
  );
  console.log(
    `  1 KB units are the mean of ${calls.warm.length} deliveries; the worker ran them one record per invocation`,
  );
}

/** Cost lines in the order docs/cost.md lists them. */
const LINE_ORDER = [
  'API Gateway (REST)',
  'API Gateway (HTTP)',
  'Lambda requests',
  'Lambda duration',
  'DynamoDB writes',
  'DynamoDB writes (provisioned)',
  'DynamoDB reads',
  'DynamoDB reads (provisioned)',
  'DynamoDB storage + PITR',
  'SQS FIFO',
  'S3 requests',
  'S3 storage',
  'CloudWatch Logs',
  'X-Ray',
];

export function printCost(inputs: readonly CostInputs[], costs: readonly Cost[]): void {
  console.log('\n6. Cost per million events at 100 M a month (bench/cost-model.ts, us-east-1 list prices)');
  const assumed = [...new Set(inputs.flatMap((each) => Object.entries(each.sources)))]
    .filter(([, source]) => source === 'assumed')
    .map(([name]) => name);
  console.log(`  assumed, not measured: ${[...new Set(assumed)].join(', ')} (bench/cost-inputs.ts ASSUMED)`);
  const column = (cost: Cost) => `${cost.deployment.api.toUpperCase()} ${cost.deployment.capacity}`;
  for (const input of inputs) {
    const mine = costs.filter((cost) => cost.label === input.counts.label);
    const first = mine[0];
    if (first === undefined) continue;
    const rank = (item: string) => {
      const index = LINE_ORDER.indexOf(item);
      return index === -1 ? LINE_ORDER.length : index;
    };
    const items = [...new Set(mine.flatMap((cost) => cost.lines.map((line) => line.item)))].sort(
      (a, b) => rank(a) - rank(b),
    );
    const usd = (cost: Cost, item: string) => {
      const line = cost.lines.find((each) => each.item === item);
      return line === undefined ? '-' : `$${line.usdPerMillion.toFixed(2)}`;
    };
    const c = input.counts;
    console.log(
      `\n  ${c.label}: ${fixed(c.writeUnits, 2)} WRU + ${fixed(c.readUnits, 2)} RRU (${input.unitsFrom}); ${c.tableItems} items of ${c.tableBytes} B + ${c.indexItems} index entries of ${c.indexBytes} B kept ${first.deployment.retentionDays} days; SQS message ${c.queueMessageBytes} B; S3 ${fixed(c.s3Puts, 0)} PUT + ${fixed(c.s3Gets, 0)} GET`,
    );
    console.log(
      `  billed ${fixed(c.ingestMs)} ms ingest; worker ${fixed(c.workerCpuMs)} ms CPU + ${fixed(c.workerWaitMs)} ms waiting per record; stdout ${fixed(c.ingestLogBytes, 0)} + ${fixed(c.workerLogBytes, 0)} B per event`,
    );
    console.log(
      table(
        ['$ per million', ...mine.map(column)],
        [
          ...items.map((item) => [item, ...mine.map((cost) => usd(cost, item))]),
          ['total', ...mine.map((cost) => `$${cost.totalPerMillion.toFixed(2)}`)],
        ],
      ),
    );
  }
}

export function printTargets(verdicts: readonly Verdict[]): void {
  console.log('\nTargets (bench/targets.ts): a MISSED figure is reported, it does not fail the run');
  console.log(
    table(
      ['figure', 'measured', 'target', 'status', 'note'],
      verdicts.map((each) => [each.figure, each.shown, each.target, each.status, each.note ?? '']),
    ),
  );
}
