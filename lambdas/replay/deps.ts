import { randomUUID } from 'node:crypto';
import { SqsEventQueue } from '../shared/adapters/sqs-event-queue.js';
import { logger } from '../shared/observability/powertools.js';
import { commonDeps, type RuntimeContext } from '../shared/runtime-context.js';
import { SqsDeadLetterQueue } from './adapters/sqs-dead-letter-queue.js';
import type { ReplayDeps } from './replay.js';
import { realSleep } from './run-limits.js';

export type { ReplayDeps } from './replay.js';

export function buildReplayDeps(context: RuntimeContext): ReplayDeps {
  return {
    ...commonDeps(context),
    queue: new SqsEventQueue(context.sqs, context.queueUrl),
    deadLetters: new SqsDeadLetterQueue(context.sqs, context.deadLetterQueueUrl),
    sleep: realSleep,
    newRunId: randomUUID,
    log: { warn: (message, details) => logger.warn(message, { ...details }) },
  };
}
