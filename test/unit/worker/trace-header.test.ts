import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { SqsEventQueue } from '../../../lambdas/shared/adapters/sqs-event-queue.js';
import { createWorkerHandler } from '../../../lambdas/worker/create-handler.js';
import { toWorkerMessage } from '../../../lambdas/worker/sqs-record.js';
import { toSqsRecord } from '../../../local/sqs-records.js';
import { captureOutput, logLinesWith } from '../../support/captured-output.js';
import { invokable } from '../../support/invoke.js';
import { harness } from './fakes.js';

// The level is production's from the logger's creation, as on Lambda (see test/unit/ingest/logging.test.ts).
const previousLevel = vi.hoisted(() => {
  const level = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  return level;
});

const TRACE_HEADER = 'Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1';

/** Sends like the ingest does and returns the message as SQS would deliver it to the worker. */
async function messageSentByIngest(traceHeader: string | undefined) {
  const sqs = mockClient(SQSClient);
  sqs.on(SendMessageCommand).resolves({ MessageId: 'message-1' });
  await new SqsEventQueue(new SQSClient({ region: 'us-east-1' }), 'https://sqs.local/events.fifo').send({
    eventId: 'shop-acme:evt-1',
    sourceId: 'shop-acme',
    replayCount: 0,
    idempotencyKey: 'evt-1',
    groupId: 'shop-acme#order-1',
    deduplicationId: 'shop-acme:evt-1',
    ...(traceHeader === undefined ? {} : { traceHeader }),
  });
  const input = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
  sqs.restore();
  const record = toSqsRecord(
    {
      MessageId: 'message-1',
      ReceiptHandle: 'receipt-1',
      Body: input?.MessageBody,
      ...(input?.MessageAttributes === undefined ? {} : { MessageAttributes: input.MessageAttributes }),
      Attributes: { ApproximateReceiveCount: '1', MessageGroupId: input?.MessageGroupId ?? '' },
    },
    'arn:aws:sqs:us-east-1:000000000000:events.fifo',
    Date.parse('2026-03-01T00:00:00Z'),
  );
  return { record };
}

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(() => {
  process.env.POWERTOOLS_LOG_LEVEL = previousLevel;
});

describe('trace propagation from ingest to worker', () => {
  it('reads the trace header the ingest queue adapter attached', async () => {
    const { record } = await messageSentByIngest(TRACE_HEADER);

    expect(toWorkerMessage(record).traceHeader).toBe(TRACE_HEADER);
  });

  it('has no trace header when the ingest ran without one', async () => {
    const { record } = await messageSentByIngest(undefined);

    expect(toWorkerMessage(record).traceHeader).toBeUndefined();
  });

  it('puts the ingest trace root on the worker log lines with the event keys', async () => {
    const lines = captureOutput();
    const { deps, stored } = harness();
    await stored('evt-1');
    const { record } = await messageSentByIngest(TRACE_HEADER);

    await invokable(createWorkerHandler(deps))({ Records: [record] });

    expect(logLinesWith(lines, 'event succeeded')[0]).toMatchObject({
      traceRoot: '1-67891233-abcdef012345678912345678',
      eventId: 'shop-acme:evt-1',
      sourceId: 'shop-acme',
      entityId: 'order-1',
    });
  });
});
