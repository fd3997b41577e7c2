import { setTimeout as delay } from 'node:timers/promises';
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { GatewayHandler } from '../lambdas/shared/lambda-handler.js';
import { invocationContext } from './invocation-context.js';
import { messagesToDelete, toSqsRecord } from './sqs-records.js';

/** The worker as the mapping sees it. */
export type BatchHandler = GatewayHandler<SQSEvent, SQSBatchResponse>;

export interface MappingOptions {
  /** Messages per invocation (the mapping's BatchSize, ≤ 10). @default 10 */
  readonly batchSize?: number;
  /** The function's timeout, which each invocation's context counts down from. @default 60 s */
  readonly functionTimeoutMs?: number;
  /** Where failures go that SQS or the handler raised outside a batch response. */
  readonly onError?: (error: unknown) => void;
}

export interface Delivery {
  readonly event: SQSEvent;
  /** Undefined when the handler threw (the whole batch failed). */
  readonly response: SQSBatchResponse | undefined;
}

/** Waits, or returns early when the signal aborts. */
const pause = (ms: number, signal?: AbortSignal): Promise<void> =>
  delay(ms, undefined, signal === undefined ? {} : { signal }).catch(() => undefined);

/**
 * Lambda's SQS event source mapping with ReportBatchItemFailures, for the local stack (`start`) and
 * the integration tests (`pollOnce`, `runUntil`): receive with the queue's own visibility timeout,
 * invoke with the batch, delete what the response did not report as failed (all of it stays when the
 * handler throws or names an unknown message). Failures come back when the visibility the worker set
 * expires; after `maxReceiveCount` receives the queue's redrive policy moves a message to the DLQ
 * (fauxqs does that on receive, as SQS does).
 */
export class LocalEventSourceMapping {
  private constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly queueArn: string,
    private readonly handler: BatchHandler,
    private readonly options: MappingOptions,
  ) {}

  static async create(
    sqs: SQSClient,
    queueUrl: string,
    handler: BatchHandler,
    options: MappingOptions = {},
  ): Promise<LocalEventSourceMapping> {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
    );
    const arn = Attributes?.QueueArn ?? 'arn:aws:sqs:local';
    return new LocalEventSourceMapping(sqs, queueUrl, arn, handler, options);
  }

  /** One ReceiveMessage; undefined when nothing is visible. */
  async receive(waitTimeSeconds = 0, signal?: AbortSignal): Promise<SQSEvent | undefined> {
    const { Messages } = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: this.options.batchSize ?? 10,
        WaitTimeSeconds: waitTimeSeconds,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
      signal === undefined ? {} : { abortSignal: signal },
    );
    if (Messages === undefined || Messages.length === 0) return undefined;
    const now = Date.now();
    return { Records: Messages.map((message) => toSqsRecord(message, this.queueArn, now)) };
  }

  /** Invokes the handler and settles the batch. A batch already received is always settled. */
  async deliver(event: SQSEvent): Promise<Delivery> {
    let response: SQSBatchResponse | undefined;
    try {
      const context = invocationContext({
        functionName: 'webhook-gateway-worker',
        timeoutMs: this.options.functionTimeoutMs ?? 60_000,
      });
      response = await this.handler(event, context);
    } catch (error) {
      this.options.onError?.(error);
      return { event, response: undefined };
    }
    const done = messagesToDelete(event.Records, { failed: false, response });
    if (done.length > 0) {
      const { Failed } = await this.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: done.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
        }),
      );
      if (Failed !== undefined && Failed.length > 0) {
        throw new Error(`could not delete ${Failed.length} handled message(s): ${JSON.stringify(Failed)}`);
      }
    }
    return { event, response };
  }

  /** Receive + deliver once; undefined when nothing was visible. */
  async pollOnce(): Promise<Delivery | undefined> {
    const event = await this.receive();
    return event === undefined ? undefined : this.deliver(event);
  }

  /**
   * Polls until `done()` holds, waiting briefly whenever nothing is visible (messages the worker
   * delayed come back on their own). Throws after `timeoutMs` so a stuck test fails instead of hanging.
   */
  async runUntil(done: () => Promise<boolean>, timeoutMs = 15_000): Promise<Delivery[]> {
    const deliveries: Delivery[] = [];
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`event source still busy after ${timeoutMs} ms`);
      const delivery = await this.pollOnce();
      if (delivery === undefined) await pause(100);
      else deliveries.push(delivery);
    }
    return deliveries;
  }

  /**
   * Long-polls in `concurrency` loops, like the mapping's concurrent invocations, until the returned
   * stop is called; the stop waits for the batches being handled.
   */
  start(concurrency: number, waitTimeSeconds = 5): { stop(): Promise<void> } {
    const stopping = new AbortController();
    const { signal } = stopping;
    const loop = async (): Promise<void> => {
      while (!signal.aborted) {
        try {
          const event = await this.receive(waitTimeSeconds, signal);
          if (event !== undefined) await this.deliver(event);
        } catch (error) {
          if (signal.aborted) return;
          this.options.onError?.(error);
          await pause(1000, signal);
        }
      }
    };
    const loops = Array.from({ length: Math.max(1, concurrency) }, () => loop());
    return {
      async stop() {
        stopping.abort();
        await Promise.all(loops);
      },
    };
  }
}
