import { setTimeout } from 'node:timers/promises';
import type { SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import type { SourceConfig } from '../../../lambdas/shared/config/load.js';
import type { GatewayConfigInput } from '../../../lambdas/shared/config/schema.js';
import type { StoredEvent } from '../../../lambdas/shared/domain/event.js';
import { SecretCache } from '../../../lambdas/shared/domain/secret-cache.js';
import type { DeadLetterMessage, InFlightMessages } from '../../../lambdas/shared/ports.js';
import { LagReporter } from '../../../lambdas/worker/lag-reporter.js';
import type { WorkerDeps } from '../../../lambdas/worker/process-event.js';
import { testConfig } from '../../support/config.js';
import { MemoryEventStore } from '../../support/memory/memory-event-store.js';
import { MemorySourceLag } from '../../support/memory/memory-source-lag.js';
import { MemoryWatermarkStore } from '../../support/memory/memory-watermark-store.js';
import { storedEvent as baseStoredEvent } from '../../support/stored-event.js';

export const NOW = Date.parse('2026-03-01T12:00:00.000Z');
export const JWT_SECRET = 'jwt-signing-secret-for-tests';
export const RECEIVER = 'https://receiver.example/hooks/acme';

/** Records what the worker asked of the queue instead of calling SQS. */
export class RecordingMessages implements InFlightMessages {
  readonly visibility: Array<{ receiptHandle: string; seconds: number }> = [];
  readonly deadLetters: DeadLetterMessage[] = [];
  readonly deleted: string[] = [];

  async changeVisibility(receiptHandle: string, seconds: number): Promise<void> {
    this.visibility.push({ receiptHandle, seconds });
  }

  async sendToDeadLetterQueue(message: DeadLetterMessage): Promise<void> {
    this.deadLetters.push(message);
  }

  async delete(receiptHandle: string): Promise<void> {
    this.deleted.push(receiptHandle);
  }
}

type Answer = Response | Error;
const forwardedSchema = z.object({ eventId: z.string(), entityId: z.string() });

/** A downstream that answers each POST through `answer`; every request it saw is kept. */
export class ScriptedReceiver {
  readonly requests: Request[] = [];
  /** The most requests it held at once: more than one means the worker waited on several together. */
  mostInFlight = 0;
  private inFlight = 0;

  constructor(
    private readonly answer: (forwarded: z.infer<typeof forwardedSchema>) => Answer,
    private readonly options: { readonly answerAfterMs?: number } = {},
  ) {}

  /** Answers from a script in order; the last answer repeats. No script: 200 to everything. */
  static answering(...script: Answer[]): ScriptedReceiver {
    return new ScriptedReceiver(() => (script.length > 1 ? script.shift() : script[0]) ?? new Response(null));
  }

  /** Fails every event of one entity with `status`, accepts the others. */
  static failingEntity(entityId: string, status: number): ScriptedReceiver {
    return new ScriptedReceiver(
      (forwarded) => new Response(null, { status: forwarded.entityId === entityId ? status : 200 }),
    );
  }

  readonly fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    this.requests.push(request);
    this.inFlight += 1;
    this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
    try {
      const answer = this.answer(forwardedSchema.parse(await request.clone().json()));
      if (this.options.answerAfterMs !== undefined) await setTimeout(this.options.answerAfterMs);
      if (answer instanceof Error) throw answer;
      return answer.clone();
    } finally {
      this.inFlight -= 1;
    }
  };

  /** The eventIds forwarded, in order. */
  async forwardedIds(): Promise<string[]> {
    const bodies = await Promise.all(this.requests.map((request) => request.clone().json()));
    return bodies.map((body) => forwardedSchema.parse(body).eventId);
  }
}

type SourceOverrides = Partial<Pick<SourceConfig, 'occurredAt'>>;

export function workerConfig(
  overrides: SourceOverrides = {},
  {
    maxReceiveCount = 5,
    worker = {},
  }: { maxReceiveCount?: number; worker?: NonNullable<GatewayConfigInput['worker']> } = {},
) {
  return testConfig(
    [
      {
        id: 'shop-acme',
        tenant: 'acme',
        scheme: 'hmac-sha256',
        entityId: 'body:order.id',
        ...(overrides.occurredAt === undefined ? {} : { occurredAt: overrides.occurredAt }),
        actions: [{ type: 'forward', url: RECEIVER, jwtSecretName: 'jwt/acme', timeoutMs: 1000 }],
      },
    ],
    { retry: { maxReceiveCount, baseDelaySeconds: 2, maxDelaySeconds: 60 }, worker },
  );
}

/** A record of the `shop-acme` source as the ingest queued it, for order-1 unless overridden. */
export function storedEvent(idempotencyKey: string, overrides: Partial<StoredEvent> = {}): StoredEvent {
  return baseStoredEvent({
    idempotencyKey,
    eventId: `shop-acme:${idempotencyKey}`,
    status: 'QUEUED',
    updatedAt: '2026-03-01T11:59:58.500Z',
    expiresAt: 1_775_000_000,
    body: new TextEncoder().encode(JSON.stringify({ type: 'order.paid', order: { id: 'order-1' } })),
    ...overrides,
  });
}

export interface Harness {
  readonly deps: WorkerDeps;
  readonly store: MemoryEventStore;
  readonly watermarks: MemoryWatermarkStore;
  readonly messages: RecordingMessages;
  readonly receiver: ScriptedReceiver;
  readonly lag: MemorySourceLag;
  /** Builds `storedEvent(idempotencyKey, overrides)` and puts it in the store, as the ingest left it. */
  stored(idempotencyKey: string, overrides?: Partial<StoredEvent>): Promise<StoredEvent>;
}

export function harness(
  receiver = ScriptedReceiver.answering(),
  options: { config?: ReturnType<typeof workerConfig>; random?: () => number } = {},
): Harness {
  const store = new MemoryEventStore(() => NOW);
  const watermarks = new MemoryWatermarkStore();
  const messages = new RecordingMessages();
  const lag = new MemorySourceLag();
  const secrets = new SecretCache(
    { read: async () => ({ current: { signingSecret: JWT_SECRET } }) },
    () => NOW,
  );
  return {
    store,
    watermarks,
    messages,
    receiver,
    lag,
    async stored(idempotencyKey, overrides) {
      const event = storedEvent(idempotencyKey, overrides);
      await store.putIfAbsent(event, 0);
      return event;
    },
    deps: {
      config: options.config ?? workerConfig(),
      store,
      watermarks,
      messages,
      actions: { secrets, clock: () => NOW, fetch: receiver.fetch },
      clock: () => NOW,
      random: options.random ?? (() => 0.5),
      lag: new LagReporter(lag, 900, () => NOW),
    },
  };
}

/** An SQS record for a stored event, as Lambda delivers it. */
export function sqsRecord(
  event: Pick<StoredEvent, 'eventId' | 'sourceId' | 'idempotencyKey' | 'entityId'>,
  receiveCount = 1,
  messageId = `message-${event.idempotencyKey}-${receiveCount}`,
): SQSRecord {
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body: JSON.stringify({
      eventId: event.eventId,
      sourceId: event.sourceId,
      idempotencyKey: event.idempotencyKey,
    }),
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: String(NOW),
      SenderId: 'sender',
      ApproximateFirstReceiveTimestamp: String(NOW),
      MessageGroupId: `${event.sourceId}#${event.entityId}`,
      MessageDeduplicationId: event.eventId,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:events.fifo',
    awsRegion: 'us-east-1',
  };
}
