import { MemoryEventStore } from '../../test/support/memory/memory-event-store.js';
import { BENCH_SECRET, deliveries, queuedEvents } from './events.js';
import { floorWork } from './floor.js';
import { collectGarbage, cpuOf, measureRounds, type RoundOf } from './measure.js';
import type { ChildRequest, ChildResult } from './protocol.js';

// Measured in a process that never loads a handler, Powertools or the SDK: nothing they do (async
// hooks, leaks, a bigger heap) can slow the floor down and flatter the ratio.

// Written by every floor call so none of its work can be optimised away.
export let sink = 0;

const ingestFloorRound: RoundOf = async (prefix, count, bodyBytes) => {
  const { bodies } = deliveries(prefix, count, bodyBytes);
  collectGarbage();
  const micros = await cpuOf(bodies, (body) => {
    sink += floorWork(BENCH_SECRET, body);
  });
  return { events: bodies.length, micros };
};

/** HMAC-SHA256 + SHA-256 + JSON.parse per event, over freshly built signed deliveries. */
export function measureIngestFloor(request: ChildRequest): Promise<ChildResult> {
  return measureRounds(request, ingestFloorRound);
}

const workerFloorRound: RoundOf = async (prefix, count, bodyBytes) => {
  const events = queuedEvents(prefix, count, bodyBytes);
  const store = new MemoryEventStore();
  for (const event of events) await store.putIfAbsent(event, 0);
  collectGarbage();
  const micros = await cpuOf(events, async (event) => {
    sink += floorWork(BENCH_SECRET, event.body);
    await store.transition(event, ['QUEUED'], 'PROCESSING');
  });
  return { events: events.length, micros };
};

/** The ingest floor plus one in-memory status transition per record. */
export function measureWorkerFloor(request: ChildRequest): Promise<ChildResult> {
  return measureRounds(request, workerFloorRound);
}
