import { z } from 'zod';

/** What the parent asks a measuring child to do (argv[2], JSON). */
export const childRequestSchema = z.object({
  scenario: z.enum([
    'ingest',
    'ingest-floor',
    'worker',
    'worker-floor',
    'ingest-profile',
    'ingest-logs',
    'worker-logs',
  ]),
  bodyBytes: z.number().int().positive(),
  warmupEvents: z.number().int().nonnegative(),
  rounds: z.number().int().positive(),
  eventsPerRound: z.number().int().positive(),
});
export type ChildRequest = z.infer<typeof childRequestSchema>;
export type Scenario = ChildRequest['scenario'];

const frameSchema = z.object({ name: z.string(), where: z.string(), selfMs: z.number(), share: z.number() });
const areaSchema = z.object({ area: z.string(), selfMs: z.number(), share: z.number() });

/** What a child sends back over IPC: measurements only, never anything it printed. */
export const childResultSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('cpu'),
    events: z.number(),
    micros: z.number(),
    /** µs per event of each measured round. */
    perRound: z.array(z.number()),
    /** Heap in use after the last round (after a full GC), to spot what a run leaves behind. */
    heapUsedMB: z.number(),
  }),
  z.object({
    kind: z.literal('profile'),
    events: z.number(),
    totalMs: z.number(),
    frames: z.array(frameSchema),
    areas: z.array(areaSchema),
  }),
  z.object({ kind: z.literal('logs'), events: z.number(), invocations: z.number() }),
  z.object({ kind: z.literal('error'), message: z.string() }),
]);
export type ChildResult = z.infer<typeof childResultSchema>;
export type CpuResult = Extract<ChildResult, { kind: 'cpu' }>;
export type ProfileResult = Extract<ChildResult, { kind: 'profile' }>;
