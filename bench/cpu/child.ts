/**
 * One measuring process, forked by the bench with its stdout discarded (as Lambda ships it away) and
 * Powertools configured by the environment it was given. Results go back over IPC only. Scenario
 * modules are loaded on demand, so a floor run never loads a handler.
 */
import { type ChildRequest, type ChildResult, childRequestSchema, type Scenario } from './protocol.js';

const SCENARIOS: Record<Scenario, (request: ChildRequest) => Promise<ChildResult>> = {
  ingest: async (request) => (await import('./ingest-scenario.js')).measureIngest(request),
  'ingest-profile': async (request) => (await import('./ingest-scenario.js')).profileIngest(request),
  'ingest-parts': async (request) => (await import('./parts-scenario.js')).measureIngestParts(request),
  'ingest-logs': async (request) => (await import('./ingest-scenario.js')).ingestLogs(request),
  worker: async (request) => (await import('./worker-scenario.js')).measureWorker(request),
  'worker-logs': async (request) => (await import('./worker-scenario.js')).workerLogs(request),
  'ingest-floor': async (request) => (await import('./floor-scenario.js')).measureIngestFloor(request),
  'worker-floor': async (request) => (await import('./floor-scenario.js')).measureWorkerFloor(request),
  'aws-calls': async (request) => (await import('../calls/scenario.js')).measureAwsCalls(request),
};

function send(result: ChildResult): Promise<void> {
  return new Promise((resolve, reject) => {
    if (process.send === undefined) {
      reject(new Error('bench/cpu/child.ts must be forked with an IPC channel'));
      return;
    }
    process.send(result, (error: Error | null) => (error === null ? resolve() : reject(error)));
  });
}

let result: ChildResult;
try {
  const request = childRequestSchema.parse(JSON.parse(process.argv[2] ?? 'null'));
  result = await SCENARIOS[request.scenario](request);
} catch (error) {
  result = {
    kind: 'error',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  };
}
await send(result);
process.disconnect?.();
