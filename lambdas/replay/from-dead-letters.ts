import type { EventRecord, EventStatus } from '../shared/domain/event.js';
import { sqsSafeId } from '../shared/domain/ids.js';
import { decodeQueueMessage, type QueueMessage } from '../shared/domain/queue-message.js';
import { TRACE_ATTRIBUTE } from '../shared/observability/names.js';
import type { DeadLetter } from '../shared/ports.js';
import type { ReplayRun } from './replay-run.js';
import { isReplayable, requeueEvent } from './requeue.js';

/** Marks the copies a run puts back at the tail of a group; meeting one again closes the group. */
export const REPLAY_RUN_ATTRIBUTE = 'ReplayRun';

interface GroupState {
  /** Copies of this run sit at the group's tail: the group must go full circle to keep its order. */
  copies: boolean;
  /** Nothing more of this group is looked at in this run. */
  closed: boolean;
  /** A requeue failed: later events of the group stay behind it, in order. */
  halted: boolean;
}

/** Why a record found in the DLQ as its latest copy is marked DEAD_LETTERED. */
export const REDRIVEN_ERROR = 'moved to the dead-letter queue by SQS (the last attempt did not finish)';

/** Still runnable in the table, but its latest copy is in the DLQ: no worker will ever see it. */
const UNFINISHED: readonly EventStatus[] = ['RECEIVED', 'QUEUED', 'PROCESSING', 'RETRYING'];

function decodeKey(body: string): QueueMessage | undefined {
  try {
    return decodeQueueMessage(body);
  } catch {
    return undefined;
  }
}

/**
 * One pass over the FIFO dead-letter queue. A FIFO queue shows nothing more of a group while one of
 * its messages is in flight, so a message that must stay is not held (that would hide the rest of
 * its group) but copied to the tail of its group and deleted; the pass ends for a group when its
 * first copy comes round again, which is then held, so every group ends in its original order.
 * Matching messages are requeued and deleted as they come, in group order (the DLQ keeps each group
 * in the order its events failed). A group that can yield nothing more is held where it is,
 * untouched. Everything held is made visible again when the run ends.
 */
export class DeadLetterPass {
  private readonly groups = new Map<string, GroupState>();
  private readonly held: DeadLetter[] = [];
  private stopping = false;
  private failure: unknown;

  constructor(private readonly run: ReplayRun) {}

  async execute(): Promise<void> {
    try {
      await this.receiveUntilEmpty();
    } finally {
      await this.releaseHeld();
    }
    if (this.failure !== undefined) throw this.failure;
  }

  private async receiveUntilEmpty(): Promise<void> {
    const { deps, limits, tally } = this.run;
    for (;;) {
      if (limits.mustAbandon) {
        tally.stoppedEarly = true;
        return;
      }
      const batch = await deps.deadLetters.receive(limits.holdSeconds());
      if (batch.length === 0) return;
      for (const [index, message] of batch.entries()) {
        try {
          await this.visit(message);
        } catch (error) {
          // Unforeseen: this message and the rest of the batch go back untouched.
          this.held.push(...batch.slice(index));
          throw error;
        }
      }
    }
  }

  private groupOf(groupId: string): GroupState {
    let state = this.groups.get(groupId);
    if (state === undefined) {
      state = { copies: false, closed: false, halted: false };
      this.groups.set(groupId, state);
    }
    return state;
  }

  private get isStopping(): boolean {
    return this.stopping || this.run.limits.shouldStop || this.run.tally.limitReached;
  }

  private async visit(message: DeadLetter): Promise<void> {
    const { tally, limits, request, selection } = this.run;
    const group = this.groupOf(message.groupId);
    if (message.attributes[REPLAY_RUN_ATTRIBUTE] === this.run.runId) group.closed = true;
    if (group.closed) return this.hold(message);
    if (limits.mustAbandon || this.isStopping) tally.stoppedEarly = true;
    // Out of time: no more sends, even to finish a group's circle.
    if (limits.mustAbandon) return this.hold(message);
    if (this.isStopping) return this.keep(message, group, false);

    const key = decodeKey(message.body);
    let record: EventRecord | undefined;
    try {
      record = key === undefined ? undefined : await this.run.deps.store.getRecord(key);
    } catch (error) {
      // The table is unreachable: wind down (close the circles begun), then report the failure.
      this.failure ??= error;
      this.stopping = true;
      tally.stoppedEarly = true;
      return this.keep(message, group, false);
    }
    tally.examined += 1;
    if (key !== undefined && record !== undefined) record = await this.markIfStranded(key, record);
    if (key === undefined) return this.keep(message, group, true);
    if (record === undefined) return this.keep(message, group, selection.admitsGroup(key.sourceId));
    if (!selection.admitsGroup(record.sourceId, record.entityId)) return this.keep(message, group, false);
    if (!selection.matches(record)) return this.keep(message, group, true);

    tally.matched += 1;
    if (!isReplayable(record.status) || group.halted) {
      tally.skipped += 1;
      return this.keep(message, group, !group.halted);
    }
    if (request.dryRun) {
      tally.select(message.groupId, record);
      return this.keep(message, group, true);
    }
    return this.requeue(message, record, group);
  }

  /**
   * SQS moves a message to the DLQ by itself when its last receive did not finish (a timeout, a crash,
   * a record handed back for lack of time): its record is left runnable, out of the attention index.
   * Marked here, dry runs included, so the store shows it and a replay from the store finds it. Only
   * when this message is the event's latest copy: after a replay, the newer copy is alive elsewhere.
   */
  private async markIfStranded(key: QueueMessage, record: EventRecord): Promise<EventRecord> {
    if (!UNFINISHED.includes(record.status) || key.replayCount !== record.replayCount) return record;
    const marked = await this.run.deps.store
      .transition(record, UNFINISHED, 'DEAD_LETTERED', { lastError: REDRIVEN_ERROR })
      .catch((error: unknown) => {
        this.run.deps.log.warn('could not mark a dead-lettered record', { eventId: record.eventId, error });
        return undefined;
      });
    if (marked === undefined) return record;
    this.run.deps.log.warn('marked DEAD_LETTERED: SQS moved its message to the dead-letter queue', {
      eventId: record.eventId,
      was: record.status,
    });
    return marked;
  }

  private async requeue(message: DeadLetter, record: EventRecord, group: GroupState): Promise<void> {
    const { deps, limits, tally, pacer } = this.run;
    if (!(await pacer.acquire(limits.stopAt))) {
      this.stopping = true;
      tally.remaining += 1;
      tally.stoppedEarly = true;
      return this.keep(message, group, false);
    }
    const result = await requeueEvent(record, message.groupId, message.attributes[TRACE_ATTRIBUTE], deps);
    if (result.kind === 'not-replayable') {
      tally.skipped += 1;
      return this.keep(message, group, true);
    }
    if (result.kind === 'failed') {
      tally.failed += 1;
      group.halted = true;
      deps.log.warn('requeue failed; the message stays in the dead-letter queue', {
        eventId: record.eventId,
        error: result.error,
      });
      return this.keep(message, group, false);
    }
    tally.select(message.groupId, record);
    // Only now: the event is on the main queue. If the delete fails it stays in the DLQ; a later
    // replay would send it again, which the worker shrugs off.
    const deleted = await this.deleteOrHold(
      message,
      'requeued, but the dead-letter copy could not be deleted',
      {
        eventId: record.eventId,
      },
    );
    if (!deleted) group.closed = true;
  }

  /** Deletes the message from the DLQ; when that fails, logs `warning` and holds it. */
  private async deleteOrHold(
    message: DeadLetter,
    warning: string,
    details: Readonly<Record<string, unknown>>,
  ): Promise<boolean> {
    try {
      await this.run.deps.deadLetters.delete(message.receiptHandle);
      return true;
    } catch (error) {
      this.run.deps.log.warn(warning, { ...details, error });
      this.hold(message);
      return false;
    }
  }

  /**
   * The message stays in the DLQ. While the group still has something to show (`more`) or already
   * has copies at its tail, it goes to the tail too; otherwise it is held in place and the group closed.
   */
  private async keep(message: DeadLetter, group: GroupState, more: boolean): Promise<void> {
    const { deps, runId } = this.run;
    if (!more && !group.copies) {
      group.closed = true;
      return this.hold(message);
    }
    try {
      await deps.deadLetters.appendCopy(
        message,
        { [REPLAY_RUN_ATTRIBUTE]: runId },
        sqsSafeId(`${message.messageId}#${runId}`),
      );
    } catch (error) {
      deps.log.warn('could not move a dead letter to the tail of its group; holding it', {
        messageId: message.messageId,
        error,
      });
      group.closed = true;
      return this.hold(message);
    }
    group.copies = true;
    // Its copy is already at the tail: an original that cannot be deleted comes back as a duplicate.
    await this.deleteOrHold(message, 'could not delete a dead letter after copying it', {
      messageId: message.messageId,
    });
  }

  private hold(message: DeadLetter): void {
    this.held.push(message);
  }

  /** Latest first, so a queue that puts a released message back at the head of its group keeps order. */
  private async releaseHeld(): Promise<void> {
    for (const message of [...this.held].reverse()) {
      await this.run.deps.deadLetters.release(message.receiptHandle).catch((error: unknown) => {
        this.run.deps.log.warn('could not release a dead letter; it returns when its visibility ends', {
          messageId: message.messageId,
          error,
        });
      });
    }
    this.held.length = 0;
  }
}
