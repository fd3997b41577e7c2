import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({
        functionName: z.string(),
        url: z.string(),
        lineNumber: z.number(),
        columnNumber: z.number(),
      }),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

const sourceMapSchema = z.object({
  file: z.string().default(''),
  version: z.number(),
  sources: z.array(z.string()),
  sourcesContent: z.array(z.string()).default([]),
  names: z.array(z.string()),
  mappings: z.string(),
  sourceRoot: z.string().default(''),
});

export interface AreaShare {
  readonly area: string;
  readonly selfMs: number;
  readonly share: number;
}

export interface ColdProfile {
  readonly totalMs: number;
  readonly areas: readonly AreaShare[];
}

const PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)\//;

type CallFrame = z.infer<typeof profileSchema>['nodes'][number]['callFrame'];

/** Bundle code goes to its package (through the source map); Node's own work to what it was doing. */
function areaOf(frame: CallFrame, map: SourceMap, bundleUrl: string): string {
  if (frame.url === bundleUrl) {
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber);
    const source = 'originalSource' in entry ? entry.originalSource : '';
    if (source === '') return 'bundle (unmapped top level)';
    return PACKAGE.exec(source)?.[1] ?? 'gateway code';
  }
  if (frame.url.includes('source_map')) return 'source maps (--enable-source-maps)';
  if (frame.functionName === 'compileSourceTextModule') return 'compiling the bundle';
  if (frame.functionName === '(garbage collector)') return 'GC';
  if (frame.functionName === '(idle)') return '(idle)';
  return 'node startup and I/O';
}

/**
 * Runs `node --cpu-prof <bundle>` once and charges each sample's self time to the package its code came
 * from (through the bundle's source map); parse and compile time shows up as "(program)".
 */
export function profileColdStart(bundle: string, env: NodeJS.ProcessEnv, top = 10): ColdProfile {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-cold-prof-'));
  try {
    const run = spawnSync(
      process.execPath,
      ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval', '50', bundle],
      { env, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    if (run.status !== 0) throw new Error(`profiling ${bundle} failed: ${run.stderr.toString()}`);
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error('node wrote no .cpuprofile');
    const profile = profileSchema.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    const map = new SourceMap(sourceMapSchema.parse(JSON.parse(readFileSync(`${bundle}.map`, 'utf8'))));
    const bundleUrl = pathToFileURL(bundle).href;

    const areaOfNode = new Map<number, string>();
    for (const { id, callFrame } of profile.nodes) {
      areaOfNode.set(id, areaOf(callFrame, map, bundleUrl));
    }
    const selfByArea = new Map<string, number>();
    let total = 0;
    profile.samples.forEach((id, index) => {
      const area = areaOfNode.get(id) ?? 'unknown';
      if (area === '(idle)') return;
      const micros = profile.timeDeltas[index] ?? 0;
      total += micros;
      selfByArea.set(area, (selfByArea.get(area) ?? 0) + micros);
    });
    return {
      totalMs: total / 1000,
      areas: [...selfByArea]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([area, micros]) => ({ area, selfMs: micros / 1000, share: total === 0 ? 0 : micros / total })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
