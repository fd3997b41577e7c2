import { deployedRuntimeContext } from '../shared/deployed-runtime-context.js';
import { createReplayHandler } from './create-handler.js';
import { buildReplayDeps } from './deps.js';

// Built once per cold start.
export const handler = createReplayHandler(buildReplayDeps(deployedRuntimeContext()));
