import { createReplayHandler, createSweeperHandler } from '../../lambdas/replay/create-handler.js';
import { buildReplayDeps } from '../../lambdas/replay/deps.js';
import { DynamoEventStore } from '../../lambdas/shared/adapters/dynamo-event-store.js';
import { SqsEventQueue } from '../../lambdas/shared/adapters/sqs-event-queue.js';
import type { GatewayConfig } from '../../lambdas/shared/config/load.js';
import { createWorkerHandler } from '../../lambdas/worker/create-handler.js';
import { buildWorkerDeps } from '../../lambdas/worker/deps.js';
import { LocalEventSourceMapping } from '../../local/event-source-mapping.js';
import type { Backends } from './backends.js';
import { invokable } from './invoke.js';

/**
 * A fresh stack on the emulators, seen from the replay side: new table and queues, with the replay,
 * sweeper and worker functions built as the Lambdas build them.
 */
export async function replayStack(backends: Backends, config: GatewayConfig) {
  const context = await backends.createContext(config);
  const { dynamodb, sqs } = backends.clients;
  const worker = invokable(createWorkerHandler({ ...buildWorkerDeps(context), random: () => 0 }));
  return {
    resources: context,
    store: new DynamoEventStore(dynamodb, context.tableName),
    /** The main queue, as the ingest sends to it. */
    queue: new SqsEventQueue(sqs, context.queueUrl),
    replay: invokable(createReplayHandler(buildReplayDeps(context))),
    sweep: invokable(createSweeperHandler(buildReplayDeps(context))),
    /** The worker behind the main queue, with no jitter in its retry delays. */
    worker: await LocalEventSourceMapping.create(sqs, context.queueUrl, worker),
  };
}

export type ReplayStack = Awaited<ReturnType<typeof replayStack>>;
