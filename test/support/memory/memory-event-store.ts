import { MAX_ITEM_BYTES, storedItemBytes } from '../../../lambdas/shared/adapters/dynamo-event-store.js';
import {
  type EventKey,
  type EventRecord,
  LAST_ERROR_MAX_LENGTH,
  type StoredEvent,
} from '../../../lambdas/shared/domain/event.js';
import { PayloadTooLargeError } from '../../../lambdas/shared/errors.js';
import type {
  AttentionPage,
  AttentionQuery,
  Clock,
  EventStore,
  PutResult,
} from '../../../lambdas/shared/ports.js';

const keyOf = (key: EventKey): string => `${key.sourceId}#${key.idempotencyKey}`;
const withoutBody = ({ body: _body, ...record }: StoredEvent): EventRecord => record;

/** A real, in-process EventStore with the table's semantics; used by the benchmarks and unit tests. */
export class MemoryEventStore implements EventStore {
  readonly items = new Map<string, StoredEvent>();

  constructor(private readonly clock: Clock = Date.now) {}

  async putIfAbsent(event: StoredEvent, nowEpochSeconds: number): Promise<PutResult> {
    // The table's own limit, measured the way the DynamoDB adapter stores the event.
    if (storedItemBytes(event) > MAX_ITEM_BYTES) throw new PayloadTooLargeError('body does not fit one item');
    const existing = this.items.get(keyOf(event));
    if (existing !== undefined && existing.expiresAt >= nowEpochSeconds)
      return { created: false, existing: withoutBody(existing) };
    this.items.set(keyOf(event), event);
    return { created: true };
  }

  async get(key: EventKey): Promise<StoredEvent | undefined> {
    return this.items.get(keyOf(key));
  }

  async getRecord(key: EventKey): Promise<EventRecord | undefined> {
    const item = this.items.get(keyOf(key));
    return item === undefined ? undefined : withoutBody(item);
  }

  // Typed by the port: the parameters are EventStore.transition's.
  transition: EventStore['transition'] = async (key, from, to, changes = {}) => {
    const existing = this.items.get(keyOf(key));
    if (existing === undefined || !from.includes(existing.status)) return undefined;
    const next: StoredEvent = {
      ...existing,
      status: to,
      updatedAt: new Date(this.clock()).toISOString(),
      attempts: existing.attempts + (changes.incrementAttempts ? 1 : 0),
      replayCount: existing.replayCount + (changes.incrementReplayCount ? 1 : 0),
      ...(changes.lastError === undefined
        ? {}
        : { lastError: changes.lastError.slice(0, LAST_ERROR_MAX_LENGTH) }),
    };
    this.items.set(keyOf(key), next);
    return withoutBody(next);
  };

  /** As the table's index: RECEIVED reads the source's arrivals, DEAD_LETTERED the dead-lettered ones. */
  async listNeedingAttention(query: AttentionQuery): Promise<AttentionPage> {
    const inBounds = [...this.items.values()]
      .filter(
        (item) =>
          (query.status === 'RECEIVED' || item.status === query.status) &&
          item.sourceId === query.sourceId &&
          (query.receivedAfter === undefined || item.receivedAt >= query.receivedAfter) &&
          (query.receivedBefore === undefined || item.receivedAt <= query.receivedBefore),
      )
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
    const read = inBounds.slice(0, query.limit);
    const scannedThrough = read.at(-1)?.receivedAt;
    return {
      records: read.filter((item) => item.status === query.status).map(withoutBody),
      ...(scannedThrough === undefined ? {} : { scannedThrough }),
      more: inBounds.length > read.length,
    };
  }
}
