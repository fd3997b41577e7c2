import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIngestHandler } from '../lambdas/ingest/create-handler.js';
import { buildIngestDeps } from '../lambdas/ingest/deps.js';
import { createSweeperHandler } from '../lambdas/replay/create-handler.js';
import { buildReplayDeps } from '../lambdas/replay/deps.js';
import { S3BodyStore } from '../lambdas/shared/adapters/s3-body-store.js';
import type { GatewayConfig } from '../lambdas/shared/config/load.js';
import { loadConfigFile } from '../lambdas/shared/config/validate.js';
import type { RuntimeContext } from '../lambdas/shared/runtime-context.js';
import { createStatusHandler } from '../lambdas/status/create-handler.js';
import { buildStatusDeps } from '../lambdas/status/deps.js';
import { createWorkerHandler } from '../lambdas/worker/create-handler.js';
import { buildWorkerDeps } from '../lambdas/worker/deps.js';
import { localClients } from './aws-clients.js';
import { sourceBanner } from './banner.js';
import { createLocalResources } from './create-resources.js';
import { startDynamoEmulator } from './dynamo-emulator.js';
import { LocalEventSourceMapping } from './event-source-mapping.js';
import { startHttpApi } from './http-api.js';
import { invocationContext } from './invocation-context.js';
import { LocalFileSecretSource } from './local-file-secret-source.js';
import { startLoopbackReceivers } from './loopback-receivers.js';
import { MirroredBodyStore, restoreBodies } from './mirrored-body-store.js';
import { requeueUnfinished } from './requeue-unfinished.js';
import { every } from './schedule.js';
import { ensureSecretsFile } from './secrets-file.js';
import { LOCAL_HOST, type LocalSettings, localUrl } from './settings.js';
import { startSqsEmulator } from './sqs-emulator.js';
import { STACK_INFO_PATH, type StackInfo } from './stack-info.js';

/** The worker's concurrent invocations locally: enough to show parallel groups, light on a laptop. */
const LOCAL_WORKER_CONCURRENCY = 2;

export interface LocalStack {
  readonly port: number;
  readonly config: GatewayConfig;
  readonly info: StackInfo;
  stop(): Promise<void>;
}

type Print = (line: string) => void;

function secretsLocation(settings: LocalSettings): { path: string; cleanup: () => void } {
  if (settings.secretsFile !== undefined) return { path: settings.secretsFile, cleanup: () => undefined };
  // LOCAL_STATE=memory: dev secrets live in a temporary folder removed on exit, never under .local/.
  const dir = mkdtempSync(join(tmpdir(), 'webhook-gateway-'));
  return { path: join(dir, 'secrets.json'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The whole gateway on this machine (docs/architecture.md#local-stack): emulators, the same handlers as on Lambda, an HTTP
 * front like API Gateway's, a poller like the event source mapping, and the sweeper on a short timer.
 */
export async function startLocalStack(settings: LocalSettings, print: Print): Promise<LocalStack> {
  const config = loadConfigFile(settings.configFile);
  const secrets = secretsLocation(settings);
  const stops: Array<() => Promise<void> | void> = [secrets.cleanup];
  const stop = async () => {
    for (const each of stops.reverse()) await each();
  };
  try {
    const created = ensureSecretsFile(secrets.path, config);
    if (created.added.length > 0 && settings.state === 'disk') {
      print(`dev secrets written to ${secrets.path} (${created.added.length} new)`);
    }
    // On disk: DynamoDB Local's files and the bodies the in-memory bucket would lose on a restart.
    const stateDir = settings.state === 'disk' ? settings.stateDir : undefined;
    const dataDir = stateDir === undefined ? undefined : join(stateDir, 'dynamodb');
    const bodiesDir = stateDir === undefined ? undefined : join(stateDir, 'bodies');
    const dynamo = await startDynamoEmulator(dataDir === undefined ? {} : { dataDir });
    stops.push(() => dynamo.stop());
    if (dynamo.engine === 'dynalite')
      print('java 17+ not found: using dynalite (pure JavaScript) for DynamoDB');
    const sqsEmulator = await startSqsEmulator();
    stops.push(() => sqsEmulator.stop());
    const clients = localClients({ dynamodb: dynamo.endpoint, sqs: sqsEmulator.endpoint });
    stops.push(() => {
      clients.dynamodb.destroy();
      clients.sqs.destroy();
      clients.s3.destroy();
    });
    const resources = await createLocalResources(clients, config);
    const bucket = new S3BodyStore(clients.s3, resources.bodyBucket);
    if (bodiesDir !== undefined) await restoreBodies(bodiesDir, bucket);
    if (dataDir !== undefined) {
      const requeued = await requeueUnfinished(clients, resources, config);
      if (requeued > 0) print(`requeued ${requeued} unfinished event(s) from the previous run`);
    }

    const context: RuntimeContext = {
      config,
      dynamodb: clients.dynamodb,
      sqs: clients.sqs,
      secrets: new LocalFileSecretSource(secrets.path),
      tableName: resources.tableName,
      queueUrl: resources.queueUrl,
      deadLetterQueueUrl: resources.deadLetterQueueUrl,
      bodies: bodiesDir === undefined ? bucket : new MirroredBodyStore(bucket, bodiesDir),
      clock: Date.now,
    };
    const onError = (error: unknown) =>
      print(`error: ${error instanceof Error ? error.message : String(error)}`);

    const mapping = await LocalEventSourceMapping.create(
      clients.sqs,
      resources.queueUrl,
      createWorkerHandler(buildWorkerDeps(context)),
      { batchSize: config.worker.batchSize, functionTimeoutMs: config.worker.timeoutSeconds * 1000, onError },
    );
    const poller = mapping.start(Math.min(config.worker.maxConcurrency, LOCAL_WORKER_CONCURRENCY));
    stops.push(() => poller.stop());
    const sweeper = createSweeperHandler(buildReplayDeps(context));
    const sweeping = every(
      settings.sweepSeconds * 1000,
      async () => {
        await sweeper({}, invocationContext({ functionName: 'webhook-gateway-sweeper', timeoutMs: 60_000 }));
      },
      onError,
    );
    stops.push(() => sweeping.stop());
    const notes: string[] = [];
    if (settings.receiver) {
      const receivers = await startLoopbackReceivers(config, context.secrets, print);
      stops.push(async () => {
        await Promise.all(receivers.map((receiver) => receiver.close()));
      });
      for (const receiver of receivers) {
        notes.push(
          `forward receiver on ${localUrl(receiver.port)} prints what it gets (LOCAL_RECEIVER=0 turns it off)`,
        );
      }
    }

    const info: StackInfo = {
      dynamodbEndpoint: dynamo.endpoint,
      dynamodbEngine: dynamo.engine,
      sqsEndpoint: sqsEmulator.endpoint,
      ...resources,
      configFile: settings.configFile,
      secretsFile: secrets.path,
    };
    const api = await startHttpApi({
      host: LOCAL_HOST,
      port: settings.port,
      // The events API Gateway would build: REST (payload 1.0) or HTTP API (payload 2.0).
      apiType: config.api.type,
      routes: [
        {
          method: 'POST',
          resource: '/webhooks/{sourceId}',
          handler: createIngestHandler(buildIngestDeps(context)),
        },
        {
          method: 'GET',
          resource: '/events/{sourceId}/{idempotencyKey}',
          handler: createStatusHandler(buildStatusDeps(context)),
        },
      ],
      localRoutes: [{ path: STACK_INFO_PATH, respond: () => info }],
      onError,
    });
    stops.push(() => api.close());

    print(`webhook-gateway listening on ${localUrl(api.port)}`);
    for (const line of [...sourceBanner(config, secrets.path, localUrl(api.port)), ...notes]) print(line);
    return { port: api.port, config, info, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
