import type { EventRecord } from '../shared/domain/event.js';
import type { ReplayFilter } from './replay-request.js';

/** `invoice.*` matches by prefix, anything else exactly. */
export function eventTypeMatches(pattern: string, eventType: string): boolean {
  return pattern.endsWith('*') ? eventType.startsWith(pattern.slice(0, -1)) : eventType === pattern;
}

/** The filter and id list of a replay request, applied to records. */
export class ReplaySelection {
  private readonly eventIds: ReadonlySet<string> | undefined;
  private readonly sourceIds: ReadonlySet<string> | undefined;

  constructor(
    private readonly filter: ReplayFilter,
    eventIds?: readonly string[],
  ) {
    this.eventIds = eventIds === undefined ? undefined : new Set(eventIds);
    // Source ids never contain ':', so an event id names its source.
    this.sourceIds =
      eventIds === undefined ? undefined : new Set(eventIds.map((id) => id.slice(0, id.indexOf(':'))));
  }

  /**
   * False when no event of this source (and entity, when known) can match. A FIFO group holds one
   * source's entity, so one record decides for its whole group.
   */
  admitsGroup(sourceId: string, entityId?: string): boolean {
    if (this.filter.sourceId !== undefined && this.filter.sourceId !== sourceId) return false;
    if (this.sourceIds !== undefined && !this.sourceIds.has(sourceId)) return false;
    return entityId === undefined || this.filter.entityId === undefined || this.filter.entityId === entityId;
  }

  matches(record: EventRecord): boolean {
    const { eventType, receivedAfter, receivedBefore, status } = this.filter;
    return (
      this.admitsGroup(record.sourceId, record.entityId) &&
      (this.eventIds === undefined || this.eventIds.has(record.eventId)) &&
      (eventType === undefined || eventTypeMatches(eventType, record.eventType)) &&
      (receivedAfter === undefined || record.receivedAt >= receivedAfter) &&
      (receivedBefore === undefined || record.receivedAt <= receivedBefore) &&
      (status === undefined || record.status === status)
    );
  }
}
