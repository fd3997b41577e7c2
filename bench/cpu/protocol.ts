import { z } from 'zod';

/** What the parent asks a measuring child to do (argv[2], JSON). */
export const childRequestSchema = z.object({
  scenario: z.enum([
    'ingest',
    'ingest-floor',
    'worker',
    'worker-floor',
    'ingest-profile',
    'ingest-parts',
    'ingest-logs',
    'worker-logs',
    'aws-calls',
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
const callSchema = z.object({
  service: z.string(),
  command: z.string(),
  startMs: z.number(),
  endMs: z.number(),
  payloadBytes: z.number().optional(),
  deduplicationId: z.string().optional(),
  capacityUnits: z.number().optional(),
});
const traceSchema = z.object({ status: z.number(), answeredMs: z.number(), calls: z.array(callSchema) });

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
  z.object({
    kind: z.literal('parts'),
    events: z.number(),
    /** CPU of the body's gzip per 1 KB event, timed alone. */
    gzipUs: z.number(),
    /** CPU of the handler chain that only reports an accepted event (log line + EMF line), timed alone. */
    reportUs: z.number(),
  }),
  z.object({
    kind: z.literal('calls'),
    /** 'dynamodb-local', or 'dynalite' where there is no Java. */
    engine: z.string(),
    ingest: z.object({
      /** A container's first request: its secret and the source's lag mark are read first. */
      cold: traceSchema,
      warm: z.array(traceSchema),
      /** The first warm delivery again. */
      duplicate: traceSchema,
      bySize: z.array(z.object({ bodyBytes: z.number(), trace: traceSchema })),
    }),
    /** One invocation per body size, on the messages ingest queued. */
    worker: z.array(z.object({ bodyBytes: z.number(), events: z.number(), trace: traceSchema })),
    /** What one event of each size keeps in the table once the worker is done. */
    stored: z.array(
      z.object({
        bodyBytes: z.number(),
        items: z.number(),
        bytes: z.number(),
        indexEntries: z.number(),
        indexBytes: z.number(),
      }),
    ),
  }),
  z.object({ kind: z.literal('error'), message: z.string() }),
]);
export type ChildResult = z.infer<typeof childResultSchema>;
export type CpuResult = Extract<ChildResult, { kind: 'cpu' }>;
export type ProfileResult = Extract<ChildResult, { kind: 'profile' }>;
export type PartsResult = Extract<ChildResult, { kind: 'parts' }>;
export type CallsResult = Extract<ChildResult, { kind: 'calls' }>;
