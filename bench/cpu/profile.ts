import type { Profiler, Runtime } from 'node:inspector';
import { Session } from 'node:inspector/promises';
import type { ProfileResult } from './protocol.js';

/** Samples the CPU (100 µs interval) while `work` runs, and only then. */
export async function profileOf(work: () => Promise<void>): Promise<Profiler.Profile> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    await work();
    const { profile } = await session.post('Profiler.stop');
    return profile;
  } finally {
    session.disconnect();
  }
}

const PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)/;
const PROJECT = /\/(lambdas|bench|local)\/(.+)$/;
const ASYNC_HOOKS = 'async hooks (cls-hooked, loaded by aws-xray-sdk-core)';

/**
 * Where a frame's time belongs: its package or project folder; Node internals and V8 builtins
 * (JSON.parse, crypto, console writes) belong to whoever called them, except the promise hooks that
 * cls-hooked installs, which are shown on their own.
 */
function ownAreaOf(frame: Runtime.CallFrame): string | undefined {
  const url = frame.url;
  if (frame.functionName === '(garbage collector)') return 'GC';
  if (frame.functionName === '(program)') return 'V8 (program)';
  if (url.startsWith('node:internal/async_hooks') || url.includes('/cls-hooked/')) return ASYNC_HOOKS;
  const pkg = PACKAGE.exec(url)?.[1];
  if (pkg !== undefined) return pkg;
  const project = PROJECT.exec(url);
  if (project !== null) {
    const [, top, rest] = project;
    return `${top}/${rest?.split('/').slice(0, -1).join('/') ?? ''}`.replace(/\/$/, '');
  }
  return undefined;
}

function whereOf(frame: Runtime.CallFrame): string {
  if (frame.url === '') return '';
  const short =
    PACKAGE.exec(frame.url) !== null
      ? frame.url.slice(frame.url.lastIndexOf('node_modules/') + 13)
      : (PROJECT.exec(frame.url)?.[0].slice(1) ?? frame.url);
  return frame.lineNumber > 0 ? `${short}:${frame.lineNumber + 1}` : short;
}

/** Self time per function and per area, biggest first; idle time left out. */
export function summarize(profile: Profiler.Profile, events: number, top = 12): ProfileResult {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  // Stopping the profiler is sampled too (its `post` call): leave that subtree out.
  const ignored = new Set<number>();
  const ignore = (id: number) => {
    ignored.add(id);
    for (const child of nodes.get(id)?.children ?? []) ignore(child);
  };
  for (const node of profile.nodes) if (node.callFrame.url === 'node:inspector') ignore(node.id);
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const areaCache = new Map<number, string>();
  const areaOf = (id: number): string => {
    const cached = areaCache.get(id);
    if (cached !== undefined) return cached;
    const frame = nodes.get(id)?.callFrame;
    const parent = parentOf.get(id);
    const area =
      (frame === undefined ? undefined : ownAreaOf(frame)) ??
      (parent === undefined ? 'node internals' : areaOf(parent));
    areaCache.set(id, area);
    return area;
  };
  const selfByNode = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, index) => {
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + (deltas[index] ?? 0));
  });
  const frames = new Map<string, { name: string; where: string; micros: number }>();
  const areas = new Map<string, number>();
  let total = 0;
  for (const [id, micros] of selfByNode) {
    const frame = nodes.get(id)?.callFrame;
    if (frame === undefined || frame.functionName === '(idle)' || ignored.has(id)) continue;
    total += micros;
    const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
    const where = whereOf(frame);
    const key = `${name}@${where}`;
    const entry = frames.get(key) ?? { name, where, micros: 0 };
    entry.micros += micros;
    frames.set(key, entry);
    const area = areaOf(id);
    areas.set(area, (areas.get(area) ?? 0) + micros);
  }
  const share = (micros: number) => (total === 0 ? 0 : micros / total);
  return {
    kind: 'profile',
    events,
    totalMs: total / 1000,
    frames: [...frames.values()]
      .sort((a, b) => b.micros - a.micros)
      .slice(0, top)
      .map((frame) => ({
        name: frame.name,
        where: frame.where,
        selfMs: frame.micros / 1000,
        share: share(frame.micros),
      })),
    areas: [...areas]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([area, micros]) => ({ area, selfMs: micros / 1000, share: share(micros) })),
  };
}
