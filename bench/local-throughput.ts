import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { signRequest } from '../lambdas/ingest/signatures/index.js';
import { parseConfig } from '../lambdas/shared/config/validate.js';
import { PROJECT_ROOT } from '../lib/paths.js';
import { freePort } from '../local/free-port.js';
import { githubPushBody } from './support/payload.js';
import { percentile } from './support/stats.js';

const SOURCE_ID = 'bench';
const SIGNING_SECRET = 'bench-local-signing-secret';
const FORWARD_SECRET_NAME = 'webhook-gateway/default/bench-forward';
const READY = /webhook-gateway listening on (http:\/\/127\.0\.0\.1:\d+)/;
const START_TIMEOUT_MS = 180_000;
const DRAIN_TIMEOUT_MS = 300_000;
const STOP_TIMEOUT_MS = 20_000;

export interface ThroughputOptions {
  readonly senders: number;
  readonly seconds: number;
  readonly bodyBytes: number;
  /**
   * The local stack's entry, relative to the project root.
   * @default 'bin/local.ts'
   */
  readonly entry?: string;
}

export type ThroughputResult =
  | { readonly status: 'not run'; readonly reason: string }
  | {
      readonly status: 'ran';
      readonly senders: number;
      readonly seconds: number;
      readonly sent: number;
      readonly byStatus: Readonly<Record<string, number>>;
      readonly accepted: number;
      /** 202s per second while the senders ran. */
      readonly acceptedPerSecond: number;
      readonly p50Ms: number;
      readonly p99Ms: number;
      /** Accepted events the receiver saw before the drain timeout. */
      readonly processed: number;
      /** From the first send until the receiver had seen every accepted event. */
      readonly endToEndSeconds: number;
      readonly processedPerSecond: number;
    };

/** A loopback receiver for the forward action: notes when each Idempotency-Key first arrived. */
async function startReceiver(): Promise<{ server: Server; url: string; seen: Map<string, number> }> {
  const seen = new Map<string, number>();
  const server = createServer((request, response) => {
    const key = request.headers['idempotency-key'];
    if (typeof key === 'string' && !seen.has(key)) seen.set(key, performance.now());
    request.resume();
    request.on('end', () => response.writeHead(200).end());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}/hook`, seen };
}

/** Starts `bin/local.ts` (in memory) and resolves with its base URL once it prints the ready line. */
async function startLocalStack(
  entry: string,
  env: NodeJS.ProcessEnv,
  log: string[],
): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (line: string) => {
    log.push(line);
    if (log.length > 40) log.shift();
  };
  if (child.stderr !== null) createInterface({ input: child.stderr }).on('line', keep);
  const stdout = child.stdout;
  if (stdout === null) throw new Error('local stack has no stdout');
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`local stack not ready after ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local stack exited with ${code} before it was ready:\n${log.join('\n')}`));
    });
    createInterface({ input: stdout }).on('line', (line) => {
      keep(line);
      const match = READY.exec(line);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  return { child, baseUrl };
}

/** SIGTERM (the stack stops its emulators), SIGKILL only if it does not exit in time. */
async function stop(child: ChildProcess): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  const exited = once(child, 'exit').then(() => true);
  child.kill('SIGTERM');
  const clean = await Promise.race([
    exited,
    new Promise<false>((resolve) => setTimeout(() => resolve(false), STOP_TIMEOUT_MS)),
  ]);
  if (!clean) {
    child.kill('SIGKILL');
    await exited;
  }
  return clean;
}

interface Sender {
  readonly body: Uint8Array;
  readonly headers: Record<string, string>;
}

/** Each sender posts one entity's events; the body is signed once, every delivery id is new. */
function sender(index: number, bodyBytes: number): Sender {
  const body = githubPushBody(`sender-${index}`, `acme/repo-${index}`, bodyBytes);
  const signed = signRequest('github', {
    secret: SIGNING_SECRET,
    body,
    nowSeconds: 0,
    id: 'unused',
    eventType: 'push',
  });
  return { body, headers: { 'content-type': 'application/json', ...signed } };
}

async function waitFor(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * Events per second through the whole local stack (HTTP → ingest → DynamoDB emulator → fauxqs →
 * poller → worker → forward to a loopback receiver). Emulator-bound: it says how the local stack
 * behaves, not what Lambda, DynamoDB and SQS would do.
 */
export async function measureLocalThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
  const entry = options.entry ?? join('bin', 'local.ts');
  if (!existsSync(join(PROJECT_ROOT, entry)))
    return { status: 'not run', reason: `${entry} does not exist yet` };
  const dir = mkdtempSync(join(tmpdir(), 'gateway-bench-'));
  const receiver = await startReceiver();
  const log: string[] = [];
  let child: ChildProcess | undefined;
  try {
    const config = {
      sources: [
        {
          id: SOURCE_ID,
          scheme: 'github',
          entityId: 'body:repository.full_name',
          actions: [{ type: 'forward', url: receiver.url, jwtSecretName: FORWARD_SECRET_NAME }],
        },
      ],
    };
    parseConfig(config, 'bench config'); // fails here, clearly, if the schema moved
    const configPath = join(dir, 'gateway.config.json');
    const secretsPath = join(dir, 'secrets.json');
    writeFileSync(configPath, JSON.stringify(config));
    writeFileSync(
      secretsPath,
      JSON.stringify({
        [`webhook-gateway/default/${SOURCE_ID}`]: { signingSecret: SIGNING_SECRET },
        [FORWARD_SECRET_NAME]: { signingSecret: 'bench-forward-jwt-secret' },
      }),
    );
    const started = await startLocalStack(
      entry,
      {
        ...process.env,
        PORT: String(await freePort()),
        GATEWAY_CONFIG: configPath,
        LOCAL_SECRETS: secretsPath,
        LOCAL_STATE: 'memory',
      },
      log,
    );
    child = started.child;
    const url = `${started.baseUrl}/webhooks/${SOURCE_ID}`;
    const senders = Array.from({ length: options.senders }, (_, index) => sender(index, options.bodyBytes));

    const post = async (from: Sender, deliveryId: string) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { ...from.headers, 'X-GitHub-Delivery': deliveryId },
        body: from.body,
      });
      await response.arrayBuffer();
      return response.status;
    };

    // Warm-up: JIT, emulator tables, connection pools; the run starts from a drained stack.
    const warm = senders.slice(0, 10).map((from, index) => ({ from, id: `warm-${index}` }));
    const warmStatuses = await Promise.all(warm.map(({ from, id }) => post(from, id)));
    if (warmStatuses.some((status) => status !== 202))
      throw new Error(`warm-up answered ${warmStatuses.join(', ')}:\n${log.join('\n')}`);
    if (!(await waitFor(() => warm.every(({ id }) => receiver.seen.has(`${SOURCE_ID}:${id}`)), 60_000)))
      throw new Error(`warm-up events were not forwarded within 60 s:\n${log.join('\n')}`);

    const accepted: string[] = [];
    const latencies: number[] = [];
    const byStatus: Record<string, number> = {};
    const start = performance.now();
    const end = start + options.seconds * 1000;
    await Promise.all(
      senders.map(async (from, index) => {
        for (let n = 0; performance.now() < end; n += 1) {
          const id = `run-${index}-${n}`;
          const sentAt = performance.now();
          let status: number;
          try {
            status = await post(from, id);
          } catch {
            status = 0;
          }
          byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
          if (status === 202) {
            latencies.push(performance.now() - sentAt);
            accepted.push(`${SOURCE_ID}:${id}`);
          }
        }
      }),
    );
    const sendSeconds = (performance.now() - start) / 1000;
    await waitFor(() => accepted.every((id) => receiver.seen.has(id)), DRAIN_TIMEOUT_MS);
    const arrivals = accepted
      .map((id) => receiver.seen.get(id))
      .filter((at): at is number => at !== undefined);
    const last = arrivals.length === 0 ? start : Math.max(...arrivals);
    const endToEndSeconds = (last - start) / 1000;
    return {
      status: 'ran',
      senders: options.senders,
      seconds: options.seconds,
      sent: Object.values(byStatus).reduce((sum, count) => sum + count, 0),
      byStatus,
      accepted: accepted.length,
      acceptedPerSecond: accepted.length / sendSeconds,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      processed: arrivals.length,
      endToEndSeconds,
      processedPerSecond: endToEndSeconds > 0 ? arrivals.length / endToEndSeconds : 0,
    };
  } finally {
    if (child !== undefined && !(await stop(child)))
      process.stderr.write('bench: the local stack ignored SIGTERM for 20 s and was killed\n');
    receiver.server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
