import { MAX_ITEM_BYTES, storedItemBytes } from '../../../lambdas/shared/adapters/dynamo-event-store.js';
import {
  type EventKey,
  type EventRecord,
  LAST_ERROR_MAX_LENGTH,
  type StoredEvent,
} from '../../../lambdas/shared/domain/event.js';
import { PayloadTooLargeError } from '../../../lambdas/shared/errors.js';
import type { AttentionQuery, Clock, EventStore, PutResult } from '../../../lambdas/shared/ports.js';
import { ATTENTION_STATUSES } from '../../../lambdas/shared/resources.js';

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
    if (existing !== undefined && existing.expiresAt >= nowEpochSeconds) return { created: false, existing };
    this.items.set(keyOf(event), event);
    return { created: true };
  }

  async get(key: EventKey): Promise<StoredEvent | undefined> {
    return this.items.get(keyOf(key));
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

  async listNeedingAttention(query: AttentionQuery): Promise<EventRecord[]> {
    if (!(ATTENTION_STATUSES as readonly string[]).includes(query.status)) return [];
    return [...this.items.values()]
      .filter(
        (item) =>
          item.status === query.status &&
          item.sourceId === query.sourceId &&
          (query.receivedAfter === undefined || item.receivedAt >= query.receivedAfter) &&
          (query.receivedBefore === undefined || item.receivedAt <= query.receivedBefore),
      )
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
      .slice(0, query.limit)
      .map(withoutBody);
  }
}
