import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: bundling runs from here, so every entry and the lockfile sit under it. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const LOCK_FILE = join(PROJECT_ROOT, 'package-lock.json');

/** The handler files of the functions the stack deploys (each exports `handler`). */
export const FUNCTION_ENTRIES = {
  ingest: join(PROJECT_ROOT, 'lambdas/ingest/handler.ts'),
  status: join(PROJECT_ROOT, 'lambdas/status/handler.ts'),
  worker: join(PROJECT_ROOT, 'lambdas/worker/handler.ts'),
  replay: join(PROJECT_ROOT, 'lambdas/replay/handler.ts'),
  sweeper: join(PROJECT_ROOT, 'lambdas/replay/sweeper-handler.ts'),
} as const;

export type FunctionName = keyof typeof FUNCTION_ENTRIES;
