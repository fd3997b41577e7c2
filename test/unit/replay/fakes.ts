import type { SweeperDeps } from '../../../lambdas/replay/sweeper.js';
import type { GatewayConfig } from '../../../lambdas/shared/config/load.js';
import type { EventStatus, QueuedEvent, StoredEvent } from '../../../lambdas/shared/domain/event.js';
import { groupIdOf } from '../../../lambdas/shared/domain/ids.js';
import { decodeQueueMessage, encodeQueueMessage } from '../../../lambdas/shared/domain/queue-message.js';
import type { DeadLetter, DeadLetterQueue } from '../../../lambdas/shared/ports.js';
import { testConfig } from '../../support/config.js';
import { MemoryEventQueue } from '../../support/memory/memory-event-queue.js';
import { MemoryEventStore } from '../../support/memory/memory-event-store.js';
import { MemorySweepCursors } from '../../support/memory/memory-sweep-cursors.js';
import { storedEvent as baseStoredEvent } from '../../support/stored-event.js';

function eventIdOrBody(body: string): string {
  try {
    return decodeQueueMessage(body).eventId;
  } catch {
    return body;
  }
}

interface Stored {
  readonly messageId: string;
  readonly body: string;
  readonly groupId: string;
  readonly attributes: Record<string, string>;
}

/**
 * A FIFO queue with the rules replay depends on, as the local emulator applies them: one message per
 * group per receive, a group shows nothing while one of its messages is in flight, a released message
 * goes back to the head of its group, a sent one to the tail.
 */
export class FifoDeadLetterQueue implements DeadLetterQueue {
  private readonly groups = new Map<string, Stored[]>();
  private readonly inFlight = new Map<string, Stored>();
  private sequence = 0;
  /** Makes `appendCopy` fail while it returns true. */
  failAppend: (message: DeadLetter) => boolean = () => false;
  receives = 0;

  add(body: string, groupId: string, attributes: Record<string, string> = {}): void {
    this.sequence += 1;
    const group = this.groups.get(groupId) ?? [];
    group.push({ messageId: `m-${this.sequence}`, body, groupId, attributes });
    this.groups.set(groupId, group);
  }

  async receive(_visibilitySeconds: number): Promise<DeadLetter[]> {
    this.receives += 1;
    const locked = new Set([...this.inFlight.values()].map((message) => message.groupId));
    const batch: DeadLetter[] = [];
    for (const [groupId, messages] of this.groups) {
      if (batch.length === 10) break;
      if (locked.has(groupId)) continue;
      const head = messages.shift();
      if (head === undefined) continue;
      this.sequence += 1;
      const receiptHandle = `r-${this.sequence}`;
      this.inFlight.set(receiptHandle, head);
      batch.push({ ...head, receiptHandle });
    }
    return batch;
  }

  async release(receiptHandle: string): Promise<void> {
    const message = this.take(receiptHandle);
    this.groups.set(message.groupId, [message, ...(this.groups.get(message.groupId) ?? [])]);
  }

  async delete(receiptHandle: string): Promise<void> {
    this.take(receiptHandle);
  }

  async appendCopy(message: DeadLetter, attributes: Readonly<Record<string, string>>): Promise<void> {
    if (this.failAppend(message)) throw new Error('SQS is down');
    this.add(message.body, message.groupId, { ...message.attributes, ...attributes });
  }

  /** Every stored message's event id, per group, in queue order (nothing may be in flight). */
  contents(): Record<string, string[]> {
    if (this.inFlight.size > 0) throw new Error(`${this.inFlight.size} messages still in flight`);
    const result: Record<string, string[]> = {};
    for (const [groupId, messages] of this.groups) {
      if (messages.length > 0) result[groupId] = messages.map((message) => eventIdOrBody(message.body));
    }
    return result;
  }

  private take(receiptHandle: string): Stored {
    const message = this.inFlight.get(receiptHandle);
    if (message === undefined) throw new Error(`unknown receipt handle ${receiptHandle}`);
    this.inFlight.delete(receiptHandle);
    return message;
  }
}

/** A main queue whose `send` fails for the event ids in `failing`. */
export class FlakyQueue extends MemoryEventQueue {
  readonly failing = new Set<string>();

  override async send(message: QueuedEvent): Promise<void> {
    if (this.failing.has(message.eventId)) throw new Error('SQS is down');
    await super.send(message);
  }

  /** The event ids sent, in order. */
  get eventIds(): string[] {
    return this.sent.map((message) => message.eventId);
  }

  /** What was sent, in order, as `[eventId, groupId, deduplicationId]`. */
  get requeues(): Array<[string, string, string]> {
    return this.sent.map((message) => [message.eventId, message.groupId, message.deduplicationId]);
  }
}

/** A clock that only moves when the code under test sleeps. */
export class FakeTime {
  readonly sleeps: number[] = [];
  constructor(public now: number) {}
  readonly clock = () => this.now;
  readonly sleep = async (ms: number) => {
    this.sleeps.push(ms);
    this.now += ms;
  };
}

export const T0 = Date.parse('2026-03-01T12:00:00.000Z');

export const replayConfig = (): GatewayConfig =>
  testConfig([
    { id: 'shop', tenant: 'acme', scheme: 'hmac-sha256' },
    { id: 'billing', tenant: 'acme', scheme: 'stripe' },
  ]);

/** A record as the worker left it when it gave up, unless `status` says otherwise. */
export function storedEvent(
  sourceId: string,
  idempotencyKey: string,
  options: { entityId: string; receivedAt: string; eventType?: string; status?: EventStatus },
): StoredEvent {
  return baseStoredEvent({
    sourceId,
    idempotencyKey,
    eventType: options.eventType ?? 'order.updated',
    entityId: options.entityId,
    receivedAt: options.receivedAt,
    status: options.status ?? 'DEAD_LETTERED',
    attempts: 1,
    lastError: 'downstream answered 400',
    expiresAt: Math.floor(T0 / 1000) + 86_400,
    body: new TextEncoder().encode('{}'),
  });
}

export interface Bench {
  readonly deps: SweeperDeps;
  readonly store: MemoryEventStore;
  readonly cursors: MemorySweepCursors;
  readonly queue: FlakyQueue;
  readonly dlq: FifoDeadLetterQueue;
  readonly time: FakeTime;
  readonly warnings: string[];
  /** Stores the record and puts its message in the DLQ, as the worker does when it gives up. */
  deadLetter(event: StoredEvent): Promise<void>;
  put(event: StoredEvent): Promise<void>;
}

export function bench(config: GatewayConfig = replayConfig()): Bench {
  const time = new FakeTime(T0);
  const store = new MemoryEventStore(time.clock);
  const queue = new FlakyQueue();
  const dlq = new FifoDeadLetterQueue();
  const warnings: string[] = [];
  const cursors = new MemorySweepCursors();
  let runs = 0;
  const put = async (event: StoredEvent) => {
    await store.putIfAbsent(event, Math.floor(T0 / 1000));
  };
  return {
    deps: {
      config,
      store,
      queue,
      deadLetters: dlq,
      clock: time.clock,
      sleep: time.sleep,
      newRunId: () => {
        runs += 1;
        return `run-${runs}`;
      },
      log: { warn: (message) => warnings.push(message) },
      cursors,
    },
    store,
    cursors,
    queue,
    dlq,
    time,
    warnings,
    put,
    async deadLetter(event) {
      await put(event);
      dlq.add(encodeQueueMessage(event), groupIdOf(event.sourceId, event.entityId));
    },
  };
}
