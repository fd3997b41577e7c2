import { randomUUID } from 'node:crypto';
import { SqsEventQueue } from '../shared/adapters/sqs-event-queue.js';
import { logger } from '../shared/observability/powertools.js';
import { commonDeps, type RuntimeContext } from '../shared/runtime-context.js';
import { DynamoSweepCursors } from './adapters/dynamo-sweep-cursors.js';
import { SqsDeadLetterQueue } from './adapters/sqs-dead-letter-queue.js';
import { realSleep } from './run-limits.js';

import type { SweeperDeps } from './sweeper.js';

export type { ReplayDeps } from './replay.js';

/** Replay's deps, with the sweeper's cursors (replay never reads them): one wiring for both functions. */
export function buildReplayDeps(context: RuntimeContext): SweeperDeps {
  return {
    ...commonDeps(context),
    queue: new SqsEventQueue(context.sqs, context.queueUrl),
    deadLetters: new SqsDeadLetterQueue(context.sqs, context.deadLetterQueueUrl),
    sleep: realSleep,
    newRunId: randomUUID,
    cursors: new DynamoSweepCursors(context.dynamodb, context.tableName, context.clock),
    log: { warn: (message, details) => logger.warn(message, { ...details }) },
  };
}
