import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { longestAttemptMs } from '../shared/config/attempt-budget.js';
import { GatewayError } from '../shared/errors.js';
import { type GatewayHandler, lambdaHandler } from '../shared/lambda-handler.js';
import { METRIC } from '../shared/observability/names.js';
import { logger, metrics } from '../shared/observability/powertools.js';
import { traceRootOf } from '../shared/observability/trace.js';
import { retryDelaySeconds } from './backoff.js';
import { processEvent, type WorkerDeps } from './process-event.js';
import { RecordLog } from './record-log.js';
import { reportOutcome } from './report-outcome.js';
import { runLimited } from './run-limited.js';
import { toWorkerMessage } from './sqs-record.js';

export type WorkerHandler = GatewayHandler<SQSEvent, SQSBatchResponse>;

/**
 * The log key holding the ingest's trace root: one id finds the event's lines in both functions. X-Ray
 * links the traces by itself: the SDK sends every SQS call with the invocation's trace header, which
 * SQS keeps as the message's `AWSTraceHeader` (docs/architecture.md#observability).
 */
const TRACE_ROOT_KEY = 'traceRoot';

/** A failure we did not plan for (a dependency is down): back off like an action failure, best effort. */
async function backOff(
  record: SQSRecord,
  receiveCount: number,
  deps: WorkerDeps,
  log: RecordLog,
): Promise<void> {
  const seconds = retryDelaySeconds(deps.config.retry, receiveCount, deps.random);
  await deps.messages
    .changeVisibility(record.receiptHandle, seconds)
    .catch((error: unknown) => log.warn('could not delay the retry', { error }));
}

/** Thrown before a record starts: it goes back to the queue as it came, no attempt counted. */
class NotEnoughTimeError extends GatewayError {}

interface Batch {
  readonly deps: WorkerDeps;
  readonly context: Context;
  readonly attemptMs: number;
  /** Records an attempt was made for; the others failed only because their group or time ran out. */
  readonly handled: Set<string>;
}

async function handleRecord(record: SQSRecord, batch: Batch): Promise<string> {
  const { deps, handled } = batch;
  if (batch.context.getRemainingTimeInMillis() < batch.attemptMs) {
    throw new NotEnoughTimeError(`less than ${batch.attemptMs} ms left for an attempt`);
  }
  handled.add(record.messageId);
  const message = toWorkerMessage(record);
  const traceRoot = traceRootOf(message.traceHeader);
  const log = new RecordLog({
    messageId: message.messageId,
    receiveCount: message.receiveCount,
    ...(traceRoot === undefined ? {} : { [TRACE_ROOT_KEY]: traceRoot }),
  });
  metrics.addMetric(METRIC.processed, 'Count', 1);
  let outcome: Awaited<ReturnType<typeof processEvent>>;
  try {
    outcome = await processEvent(message, deps, (event) =>
      log.append({ eventId: event.eventId, sourceId: event.sourceId, entityId: event.entityId }),
    );
  } catch (error) {
    log.error('event processing failed', { error });
    await backOff(record, message.receiveCount, deps, log);
    throw error;
  }
  reportOutcome(outcome, log);
  // Reporting the failure keeps the message (and its group) for the retry the visibility set up.
  if (outcome.kind === 'retrying') throw outcome.error;
  return outcome.kind;
}

/**
 * Records no attempt was made for (a message of their group failed earlier in the batch, or too
 * little time was left to start one) are made visible at once: they do not sit out the queue's whole
 * visibility timeout, and a group stays behind its failed message, which is retried first. Later ones
 * first, so a queue that puts returned messages at the head of their group keeps the order. SQS still
 * counts the receive: a message handed back on its last receive goes to the DLQ by the redrive policy.
 */
async function releaseSkipped(skipped: readonly SQSRecord[], deps: WorkerDeps): Promise<void> {
  for (const record of [...skipped].reverse()) {
    await deps.messages
      .changeVisibility(record.receiptHandle, 0)
      .catch((error: unknown) => logger.warn('could not release a skipped message', { error }));
  }
}

/** A batch's records by message group, each group in queue order. */
function messageGroups(records: readonly SQSRecord[]): SQSRecord[][] {
  const groups = new Map<string, SQSRecord[]>();
  for (const record of records) {
    const id = record.attributes.MessageGroupId ?? record.messageId;
    const group = groups.get(id);
    if (group === undefined) groups.set(id, [record]);
    else group.push(record);
  }
  return [...groups.values()];
}

/** One group's records in order, through Powertools' FIFO processor: a failure skips the rest of it. */
function processGroup(records: SQSRecord[], batch: Batch): Promise<SQSBatchResponse> {
  // One processor per group: it holds the group's state while the other groups run.
  return processPartialResponse(
    { Records: records },
    (record: SQSRecord) => handleRecord(record, batch),
    new SqsFifoPartialProcessorAsync(),
    {
      context: batch.context,
      skipGroupOnError: true,
      // A fully failed group is still a partial response: the retries were scheduled per message.
      throwOnFullBatchFailure: false,
    },
  );
}

/**
 * SQS FIFO batch → events. The batch's message groups run at the same time (up to
 * `worker.entitiesAtOnce`), each one record at a time in queue order: order only matters within an
 * entity, and a batch of ten entities then waits on its downstream once instead of ten times
 * (docs/architecture.md#worker-retry-rules). The local poller uses the same factory.
 */
export function createWorkerHandler(deps: WorkerDeps): WorkerHandler {
  const attemptMs = longestAttemptMs(deps.config);
  return lambdaHandler(async (event, context) => {
    const batch: Batch = { deps, context, attemptMs, handled: new Set<string>() };
    const responses = await runLimited(
      messageGroups(event.Records),
      deps.config.worker.entitiesAtOnce,
      (group) => processGroup(group, batch),
    );
    const failed = new Set(
      responses.flatMap((response) => response.batchItemFailures.map((failure) => failure.itemIdentifier)),
    );
    const failures = event.Records.filter((record) => failed.has(record.messageId));
    const untouched = failures.filter((record) => !batch.handled.has(record.messageId));
    if (untouched.length > 0 && context.getRemainingTimeInMillis() < attemptMs) {
      logger.info('handing records back: not enough time left for another attempt', {
        records: untouched.length,
      });
    }
    await releaseSkipped(untouched, deps);
    return { batchItemFailures: failures.map((record) => ({ itemIdentifier: record.messageId })) };
  });
}
