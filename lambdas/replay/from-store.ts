import type { EventRecord } from '../shared/domain/event.js';
import { groupIdOf } from '../shared/domain/ids.js';
import type { AttentionQuery } from '../shared/ports.js';
import { MAX_EVENTS_LIMIT } from './replay-request.js';
import type { ReplayRun } from './replay-run.js';
import { isReplayable, requeueEvent } from './requeue.js';

interface Candidates {
  readonly records: EventRecord[];
  /** Ids that named no record (expired, or mistyped). */
  readonly missing: number;
  /** A query returned a full page: the index may hold more than was read. */
  readonly truncated: boolean;
}

async function byIds(run: ReplayRun, eventIds: readonly string[]): Promise<Candidates> {
  const records: EventRecord[] = [];
  let missing = 0;
  for (const eventId of new Set(eventIds)) {
    const split = eventId.indexOf(':');
    const record = await run.deps.store.getRecord({
      sourceId: eventId.slice(0, split),
      idempotencyKey: eventId.slice(split + 1),
    });
    if (record === undefined) missing += 1;
    else records.push(record);
  }
  return { records, missing, truncated: false };
}

/**
 * Per source, oldest first, from the sparse attention index: never a table scan. RECEIVED reads the
 * source's arrivals in the bounds (every event, up to the limit) and keeps those nothing moved on.
 */
async function byStatus(run: ReplayRun): Promise<Candidates> {
  const { filter, maxEvents } = run.request;
  // Paused sources are left alone unless on-call names one explicitly.
  const sourceIds =
    filter.sourceId === undefined
      ? run.deps.config.sources.filter((source) => !source.paused).map((source) => source.id)
      : [filter.sourceId];
  // The index bounds source, status and time; type and entity are checked after reading, so read deeper.
  const limit =
    filter.eventType === undefined && filter.entityId === undefined ? maxEvents + 1 : MAX_EVENTS_LIMIT;
  const records: EventRecord[] = [];
  let truncated = false;
  for (const sourceId of sourceIds) {
    const query: AttentionQuery = {
      status: filter.status === 'RECEIVED' ? 'RECEIVED' : 'DEAD_LETTERED',
      sourceId,
      limit,
      ...(filter.receivedAfter === undefined ? {} : { receivedAfter: filter.receivedAfter }),
      ...(filter.receivedBefore === undefined ? {} : { receivedBefore: filter.receivedBefore }),
    };
    const page = await run.deps.store.listNeedingAttention(query);
    if (page.more) truncated = true;
    records.push(...page.records);
  }
  return { records, missing: 0, truncated };
}

const oldestFirst = (a: EventRecord, b: EventRecord): number =>
  a.receivedAt.localeCompare(b.receivedAt) || a.eventId.localeCompare(b.eventId);

/** Records by id or by status, oldest first (so oldest first per group), requeued one by one. */
export async function replayFromStore(run: ReplayRun): Promise<void> {
  const { request, selection, tally, limits, pacer, deps } = run;
  const candidates =
    request.eventIds === undefined ? await byStatus(run) : await byIds(run, request.eventIds);
  tally.examined += candidates.missing;
  if (candidates.truncated) tally.stoppedEarly = true;
  const halted = new Set<string>();
  let stopping = false;

  for (const record of candidates.records.sort(oldestFirst)) {
    tally.examined += 1;
    if (!selection.matches(record)) continue;
    tally.matched += 1;
    const groupId = groupIdOf(record.sourceId, record.entityId);
    if (!isReplayable(record.status) || halted.has(groupId)) {
      tally.skipped += 1;
      continue;
    }
    if (stopping || tally.limitReached || limits.shouldStop) {
      tally.remaining += 1;
      tally.stoppedEarly = true;
      continue;
    }
    if (request.dryRun) {
      tally.select(groupId, record);
      continue;
    }
    if (!(await pacer.acquire(limits.stopAt))) {
      stopping = true;
      tally.remaining += 1;
      tally.stoppedEarly = true;
      continue;
    }
    const result = await requeueEvent(record, groupId, undefined, deps);
    if (result.kind === 'requeued') tally.select(groupId, record);
    else if (result.kind === 'not-replayable') tally.skipped += 1;
    else {
      tally.failed += 1;
      // Later events of this entity wait for it: sending them now would overtake it.
      halted.add(groupId);
      deps.log.warn('requeue failed; the record is left for the next run', {
        eventId: record.eventId,
        error: result.error,
      });
    }
  }
}
