import { deployedBodyStore } from '../shared/adapters/deployed-body-store.js';
import { deployedRuntimeContext } from '../shared/deployed-runtime-context.js';
import { createWorkerHandler } from './create-handler.js';
import { buildWorkerDeps } from './deps.js';

// Built once per cold start.
export const handler = createWorkerHandler(
  buildWorkerDeps({ ...deployedRuntimeContext(), bodies: deployedBodyStore() }),
);
