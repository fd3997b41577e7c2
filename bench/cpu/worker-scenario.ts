import type { StoredEvent } from '../../lambdas/shared/domain/event.js';
import { systemClock } from '../../lambdas/shared/ports.js';
import { createWorkerHandler, type WorkerHandler } from '../../lambdas/worker/create-handler.js';
import { LagReporter } from '../../lambdas/worker/lag-reporter.js';
import { invocationContext } from '../../local/invocation-context.js';
import type { MemoryEventStore } from '../../test/support/memory/memory-event-store.js';
import { MemorySourceLag } from '../../test/support/memory/memory-source-lag.js';
import { MemoryWatermarkStore } from '../../test/support/memory/memory-watermark-store.js';
import { NoOpMessages } from '../support/no-op-messages.js';
import { batchesOf, queuedEvents, WORKER_BATCH_SIZE } from './events.js';
import { collectGarbage, cpuOf, measureRounds, type Round } from './measure.js';
import { benchPorts } from './ports.js';
import type { ChildRequest, ChildResult } from './protocol.js';

const refuseFetch: typeof globalThis.fetch = async () => {
  throw new Error('the benchmark source has no actions: nothing may call out');
};

interface WorkerBench {
  readonly handle: WorkerHandler;
  readonly store: MemoryEventStore;
  readonly messages: NoOpMessages;
}

/** The worker handler over in-memory ports, for a source with no actions (no downstream call). */
function workerBench(): WorkerBench {
  const { config, store, secrets } = benchPorts();
  const messages = new NoOpMessages();
  const handle = createWorkerHandler({
    config,
    store,
    watermarks: new MemoryWatermarkStore(),
    messages,
    actions: { secrets, clock: systemClock, fetch: refuseFetch },
    clock: systemClock,
    random: Math.random,
    lag: new LagReporter(new MemorySourceLag(), config.api.maxQueueAgeSeconds, systemClock),
  });
  return { handle, store, messages };
}

/** Throws unless every event ended SUCCEEDED and no queue operation was needed. */
async function expectSucceeded(bench: WorkerBench, events: readonly StoredEvent[]): Promise<void> {
  for (const event of events) {
    const status = (await bench.store.get(event))?.status;
    if (status !== 'SUCCEEDED') throw new Error(`worker left ${event.eventId} ${status ?? 'missing'}`);
  }
  if (bench.messages.calls > 0) throw new Error('worker touched the queue on a happy path');
}

async function workerRound(
  bench: WorkerBench,
  prefix: string,
  count: number,
  bodyBytes: number,
): Promise<Round> {
  const events = queuedEvents(prefix, count, bodyBytes);
  for (const event of events) await bench.store.putIfAbsent(event, 0);
  const batches = batchesOf(events, prefix);
  const context = invocationContext({
    functionName: 'webhook-gateway-worker',
    requestId: `${prefix}-request`,
  });
  const failures: string[] = [];
  collectGarbage();
  const micros = await cpuOf(batches, async (batch) => {
    const response = await bench.handle(batch, context);
    for (const failure of response.batchItemFailures) failures.push(failure.itemIdentifier);
  });
  if (failures.length > 0) throw new Error(`worker reported ${failures.length} failed records`);
  await expectSucceeded(bench, events);
  bench.store.items.clear();
  return { events: events.length, micros };
}

export function measureWorker(request: ChildRequest): Promise<ChildResult> {
  if (request.eventsPerRound % WORKER_BATCH_SIZE !== 0 || request.warmupEvents % WORKER_BATCH_SIZE !== 0)
    throw new Error(`event counts must be multiples of the batch size ${WORKER_BATCH_SIZE}`);
  const bench = workerBench();
  return measureRounds(request, (prefix, count, bodyBytes) => workerRound(bench, prefix, count, bodyBytes));
}

/** Exactly `eventsPerRound` records in batches of 10, so the parent can count what they printed. */
export async function workerLogs(request: ChildRequest): Promise<ChildResult> {
  const bench = workerBench();
  const events = queuedEvents('logs', request.eventsPerRound, request.bodyBytes);
  for (const event of events) await bench.store.putIfAbsent(event, 0);
  const batches = batchesOf(events, 'logs');
  for (const [index, batch] of batches.entries()) {
    await bench.handle(
      batch,
      invocationContext({ functionName: 'webhook-gateway-worker', requestId: `logs-request-${index}` }),
    );
  }
  await expectSucceeded(bench, events);
  return { kind: 'logs', events: events.length, invocations: batches.length };
}
