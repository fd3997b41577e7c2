import { setTimeout as delay } from 'node:timers/promises';
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { messagesToDelete, toSqsRecord } from './sqs-records.js';

export type BatchHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

export interface PollerOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly handler: BatchHandler;
  /** Messages per invocation (the mapping's BatchSize, ≤ 10). */
  readonly batchSize: number;
  /** Receive loops running at once, like the mapping's concurrent invocations. */
  readonly concurrency: number;
  /** Long-poll wait; short enough that a stop never waits long. */
  readonly waitTimeSeconds?: number;
  readonly onError?: (error: unknown) => void;
}

export interface Poller {
  /** Stops receiving, waits for the batches being handled, then returns. */
  stop(): Promise<void>;
}

/** Waits, or returns early when the poller stops. */
const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  delay(ms, undefined, { signal }).catch(() => undefined);

/**
 * Drives the worker like Lambda's SQS event source mapping with ReportBatchItemFailures: long-poll
 * with the queue's own visibility timeout, invoke with the batch, delete the successes and leave the
 * failures, which come back when the visibility the worker set expires. After `maxReceiveCount`
 * receives, the queue's RedrivePolicy moves a message to the DLQ: fauxqs does that on receive, as SQS.
 */
export async function startPoller(options: PollerOptions): Promise<Poller> {
  const { sqs, queueUrl } = options;
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queueArn = Attributes?.QueueArn ?? 'arn:aws:sqs:local';
  const stopping = new AbortController();
  const { signal } = stopping;

  async function deliver(event: SQSEvent): Promise<void> {
    let response: SQSBatchResponse | undefined;
    let failed = false;
    try {
      response = await options.handler(event);
    } catch (error) {
      failed = true;
      options.onError?.(error);
    }
    const done = messagesToDelete(event.Records, failed ? { failed: true } : { failed: false, response });
    if (done.length === 0) return;
    const { Failed } = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: done.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
      }),
    );
    if (Failed !== undefined && Failed.length > 0) {
      options.onError?.(new Error(`could not delete ${Failed.length} handled message(s)`));
    }
  }

  async function loop(): Promise<void> {
    while (!signal.aborted) {
      try {
        const { Messages } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: options.batchSize,
            WaitTimeSeconds: options.waitTimeSeconds ?? 5,
            MessageAttributeNames: ['All'],
            MessageSystemAttributeNames: ['All'],
          }),
          { abortSignal: signal },
        );
        if (Messages === undefined || Messages.length === 0) continue;
        const now = Date.now();
        // A batch already received is always handled, even when a stop is under way.
        await deliver({ Records: Messages.map((message) => toSqsRecord(message, queueArn, now)) });
      } catch (error) {
        if (signal.aborted) return;
        options.onError?.(error);
        await pause(1000, signal);
      }
    }
  }

  const loops = Array.from({ length: Math.max(1, options.concurrency) }, () => loop());
  return {
    async stop() {
      stopping.abort();
      await Promise.all(loops);
    },
  };
}
