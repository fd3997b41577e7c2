import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { messagesToDelete, toSqsRecord } from '../../local/sqs-records.js';

export type BatchHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

export interface Delivery {
  readonly event: SQSEvent;
  /** Undefined when the handler threw (the whole batch failed). */
  readonly response: SQSBatchResponse | undefined;
}

/**
 * Drives a worker the way Lambda's SQS event source mapping does: receive with the queue's own
 * visibility timeout, invoke with the batch, delete what the response did not report as failed (all
 * of it stays when the handler throws or names an unknown message). Failed messages come back when
 * their visibility expires, so whatever the worker set is honoured.
 */
export class SqsEventSource {
  private constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly queueArn: string,
    private readonly handler: BatchHandler,
    private readonly batchSize: number,
  ) {}

  static async create(sqs: SQSClient, queueUrl: string, handler: BatchHandler, batchSize = 10) {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
    );
    return new SqsEventSource(sqs, queueUrl, Attributes?.QueueArn ?? 'arn:aws:sqs:local', handler, batchSize);
  }

  /** One ReceiveMessage; undefined when nothing is visible. */
  async receive(waitTimeSeconds = 0): Promise<SQSEvent | undefined> {
    const { Messages } = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: this.batchSize,
        WaitTimeSeconds: waitTimeSeconds,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    if (Messages === undefined || Messages.length === 0) return undefined;
    const now = Date.now();
    return { Records: Messages.map((message) => toSqsRecord(message, this.queueArn, now)) };
  }

  /** Invokes the handler and settles the batch like the mapping with ReportBatchItemFailures. */
  async deliver(event: SQSEvent): Promise<Delivery> {
    let response: SQSBatchResponse | undefined;
    try {
      response = await this.handler(event);
    } catch {
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
      if (Failed !== undefined && Failed.length > 0)
        throw new Error(`delete failed: ${JSON.stringify(Failed)}`);
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
      if (delivery === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
      else deliveries.push(delivery);
    }
    return deliveries;
  }
}
