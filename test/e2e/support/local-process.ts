import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../local/free-port.js';
import { fetchStackInfo, type StackInfo } from '../../../local/stack-info.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = import.meta.resolve('tsx');
const LISTENING = /^webhook-gateway listening on (http:\/\/127\.0\.0\.1:(\d+))$/m;

export interface LocalProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  readonly port: number;
  readonly info: StackInfo;
  /** Everything printed on stdout so far. */
  output(): string;
  /** Sends the signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs a repository script the way `npm start` / `npm run …` does (`node --import tsx <file>`). */
export function nodeArgs(script: string, ...args: string[]): string[] {
  return ['--import', TSX, `${REPO}${script}`, ...args];
}

/** Starts `npm start`'s entry point as a child process and waits for its listening line. */
export async function startLocalProcess(
  env: Record<string, string>,
  cwd: string = REPO,
): Promise<LocalProcess> {
  const port = Number(env.PORT ?? (await freePort()));
  const child = spawn(process.execPath, nodeArgs('bin/local.ts'), {
    cwd,
    env: { ...process.env, LOCAL_RECEIVER: '0', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = once(child, 'exit');
  const deadline = Date.now() + 45_000;
  while (!LISTENING.test(stdout)) {
    if (child.exitCode !== null) throw new Error(`local stack exited ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`no listening line within 45 s; stdout: ${stdout}; stderr: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const baseUrl = LISTENING.exec(stdout)?.[1] ?? '';
  return {
    child,
    baseUrl,
    port,
    info: await fetchStackInfo(baseUrl),
    output: () => stdout,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = await exited;
      return typeof code === 'number' ? code : null;
    },
  };
}

/** Command lines of running processes that mention `needle` (e.g. an emulator's port). */
export function processesMentioning(needle: string): string[] {
  const lines = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n');
  return lines.filter((line) => line.includes(needle) && !line.startsWith('ps '));
}

/** DynamoDB Local JVMs serving the given endpoint's port. */
export function dynamoLocalProcesses(endpoint: string): string[] {
  const port = new URL(endpoint).port;
  return processesMentioning('DynamoDBLocal.jar').filter(
    (line) => line.trimStart().startsWith('java') && line.includes(`-port ${port}`),
  );
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
