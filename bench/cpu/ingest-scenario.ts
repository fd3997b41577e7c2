import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { BackpressureGuard } from '../../lambdas/ingest/backpressure.js';
import { createIngestHandler } from '../../lambdas/ingest/create-handler.js';
import type { GatewayHandler } from '../../lambdas/shared/lambda-handler.js';
import { systemClock } from '../../lambdas/shared/ports.js';
import { invocationContext } from '../../local/invocation-context.js';
import { MemoryEventQueue } from '../../test/support/memory/memory-event-queue.js';
import type { MemoryEventStore } from '../../test/support/memory/memory-event-store.js';
import { MemorySourceLag } from '../../test/support/memory/memory-source-lag.js';
import { deliveries } from './events.js';
import { collectGarbage, cpuOf, measureRounds, type Round } from './measure.js';
import { benchPorts } from './ports.js';
import { profileOf, summarize } from './profile.js';
import type { ChildRequest, ChildResult } from './protocol.js';

/** One context for every request: building it is the runtime's work, not the handler's. */
const INVOCATION = invocationContext({ functionName: 'webhook-gateway-ingest', requestId: 'bench-request' });

interface IngestBench {
  readonly handle: GatewayHandler<APIGatewayProxyEvent, APIGatewayProxyResult>;
  readonly store: MemoryEventStore;
  readonly queue: MemoryEventQueue;
}

/** The ingest handler wired as on Lambda, with the table, queue and Secrets Manager in memory. */
function ingestBench(): IngestBench {
  const { config, store, secrets } = benchPorts();
  const queue = new MemoryEventQueue();
  // Production reads the source's lag mark at most every 30 s per container; here, never marked.
  const backpressure = new BackpressureGuard(new MemorySourceLag(), systemClock);
  const handle = createIngestHandler({ config, store, queue, secrets, clock: systemClock, backpressure });
  return { handle, store, queue };
}

/** Throws unless every response is 202: a benchmark of rejected requests would measure nothing. */
function expectAccepted(responses: readonly APIGatewayProxyResult[]): void {
  const other = responses.find((response) => response.statusCode !== 202);
  if (other !== undefined) throw new Error(`ingest answered ${other.statusCode}: ${other.body}`);
}

/** Drops what the round stored: on Lambda it lives in DynamoDB and SQS, not in the function's heap. */
function forget(bench: IngestBench): void {
  bench.store.items.clear();
  bench.queue.sent.splice(0);
}

async function ingestRound(
  bench: IngestBench,
  prefix: string,
  count: number,
  bodyBytes: number,
): Promise<Round> {
  const { events } = deliveries(prefix, count, bodyBytes);
  const responses: APIGatewayProxyResult[] = [];
  collectGarbage();
  const micros = await cpuOf(events, async (event) => {
    responses.push(await bench.handle(event, INVOCATION));
  });
  expectAccepted(responses);
  forget(bench);
  return { events: events.length, micros };
}

export function measureIngest(request: ChildRequest): Promise<ChildResult> {
  const bench = ingestBench();
  return measureRounds(request, (prefix, count, bodyBytes) => ingestRound(bench, prefix, count, bodyBytes));
}

/** Samples the CPU only while the handler runs (after a warm-up), not while events are built. */
export async function profileIngest(request: ChildRequest): Promise<ChildResult> {
  const bench = ingestBench();
  await ingestRound(bench, 'warm', request.warmupEvents, request.bodyBytes);
  const count = request.rounds * request.eventsPerRound;
  const { events } = deliveries('profiled', count, request.bodyBytes);
  const responses: APIGatewayProxyResult[] = [];
  collectGarbage();
  const profile = await profileOf(async () => {
    for (const event of events) responses.push(await bench.handle(event, INVOCATION));
  });
  expectAccepted(responses);
  return summarize(profile, count);
}

/** Exactly `eventsPerRound` events and nothing else, so the parent can count what they printed. */
export async function ingestLogs(request: ChildRequest): Promise<ChildResult> {
  const bench = ingestBench();
  const { events } = deliveries('logs', request.eventsPerRound, request.bodyBytes);
  const responses: APIGatewayProxyResult[] = [];
  for (const event of events) responses.push(await bench.handle(event, INVOCATION));
  expectAccepted(responses);
  return { kind: 'logs', events: events.length, invocations: events.length };
}
