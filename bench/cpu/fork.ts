import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../lambdas/shared/observability/names.js';
import { PROJECT_ROOT } from '../../lib/paths.js';
import { type ChildRequest, type ChildResult, childResultSchema } from './protocol.js';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const CHILD_TIMEOUT_MS = 15 * 60_000;

/**
 * `production`: what the stack sets (INFO logs, EMF metrics printed to stdout). `silent`: logging and
 * metrics switched off, to show what they cost.
 */
export type Observability = 'production' | 'silent';

export interface StdoutCount {
  readonly bytes: number;
  readonly lines: number;
  /** Lines carrying CloudWatch embedded metrics (`_aws`). */
  readonly metricLines: number;
}

export interface ChildRun {
  readonly result: ChildResult;
  /** Present when stdout was counted instead of discarded. */
  readonly stdout?: StdoutCount;
}

function childEnv(observability: Observability, functionName: string): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith('POWERTOOLS_') && name !== 'NODE_OPTIONS',
    ),
  );
  return {
    ...inherited,
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    POWERTOOLS_LOG_LEVEL: observability === 'production' ? 'INFO' : 'SILENT',
    POWERTOOLS_METRICS_DISABLED: observability === 'production' ? 'false' : 'true',
    AWS_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    // Set per invocation by the runtime; the ingest forwards it on the queue message.
    _X_AMZN_TRACE_ID: 'Root=1-67a1b2c3-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=1',
  };
}

/** Forks `bench/cpu/child.ts` under tsx and waits for its one IPC result. */
export function runChild(
  request: ChildRequest,
  options: { observability: Observability; functionName: string; countStdout?: boolean },
): Promise<ChildRun> {
  const child = fork(CHILD, [JSON.stringify(request)], {
    cwd: PROJECT_ROOT,
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: childEnv(options.observability, options.functionName),
    stdio: ['ignore', options.countStdout ? 'pipe' : 'ignore', 'inherit', 'ipc'],
  });
  let bytes = 0;
  let lines = 0;
  let metricLines = 0;
  let partial = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    bytes += Buffer.byteLength(chunk);
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      if (line === '') continue;
      lines += 1;
      if (line.includes('"_aws"')) metricLines += 1;
    }
  });
  return new Promise((resolve, reject) => {
    let result: ChildResult | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bench child ${request.scenario} still running after ${CHILD_TIMEOUT_MS} ms`));
    }, CHILD_TIMEOUT_MS);
    child.on('message', (message: unknown) => {
      const parsed = childResultSchema.safeParse(message);
      result = parsed.success
        ? parsed.data
        : { kind: 'error', message: `unreadable result: ${parsed.error.message}` };
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (result === undefined) {
        reject(new Error(`bench child ${request.scenario} exited with ${code} and no result`));
        return;
      }
      if (result.kind === 'error') {
        reject(new Error(`bench child ${request.scenario} failed:\n${result.message}`));
        return;
      }
      resolve({ result, ...(options.countStdout ? { stdout: { bytes, lines, metricLines } } : {}) });
    });
  });
}
