import { deployedBodyStore } from '../shared/adapters/deployed-body-store.js';
import { deployedRuntimeContext } from '../shared/deployed-runtime-context.js';
import { createIngestHandler } from './create-handler.js';
import { buildIngestDeps } from './deps.js';

// Built once per cold start.
export const handler = createIngestHandler(
  buildIngestDeps({ ...deployedRuntimeContext(), bodies: deployedBodyStore() }),
);
