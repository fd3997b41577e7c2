import { deployedRuntimeContext } from '../shared/deployed-runtime-context.js';
import { createStatusHandler } from './create-handler.js';
import { buildStatusDeps } from './deps.js';

// Built once per cold start.
export const handler = createStatusHandler(buildStatusDeps(deployedRuntimeContext()));
