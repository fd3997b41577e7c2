import type { EventRecord, EventStatus } from '../shared/domain/event.js';

export const SAMPLE_SIZE = 10;

/** One event as the report shows it: enough to recognise it, never the payload. */
export interface ReplaySampleEntry {
  readonly eventId: string;
  readonly sourceId: string;
  readonly eventType: string;
  readonly entityId: string;
  readonly receivedAt: string;
  readonly status?: EventStatus;
  readonly lastError?: string;
}

/** What a run did (or, in a dry run, would do); logged and returned (docs/architecture.md#replay-and-the-sweeper). */
export interface ReplayReport {
  readonly dryRun: boolean;
  /** Messages or records read and checked against the filter. */
  readonly examined: number;
  /** Examined ones the filter selected. */
  readonly matched: number;
  /** Sent to the main queue (always 0 in a dry run). */
  readonly requeued: number;
  /** Matched but left where they are: already finished, or behind a failed send in their group. */
  readonly skipped: number;
  /** Matched, but the requeue failed; they stay where they were. */
  readonly failed: number;
  /** Per FIFO group: requeued, or in a dry run the number a requeue would send. */
  readonly byGroup: Readonly<Record<string, number>>;
  readonly sample: readonly ReplaySampleEntry[];
  /** Matched ones not handled because the run stopped at `maxEvents` or the time limit. */
  readonly remaining: number;
  /** True when the run stopped before it had looked at everything: run it again for the rest. */
  readonly stoppedEarly: boolean;
}

const sampleOf = (record: EventRecord): ReplaySampleEntry => ({
  eventId: record.eventId,
  sourceId: record.sourceId,
  eventType: record.eventType,
  entityId: record.entityId,
  receivedAt: record.receivedAt,
  status: record.status,
  ...(record.lastError === undefined ? {} : { lastError: record.lastError }),
});

/** Counts as a run goes; `selected` is what counts against `maxEvents`. */
export class ReportTally {
  examined = 0;
  matched = 0;
  requeued = 0;
  skipped = 0;
  failed = 0;
  remaining = 0;
  stoppedEarly = false;
  /** Requeued, or in a dry run planned: the events `maxEvents` counts. */
  selected = 0;
  private readonly byGroup: Record<string, number> = {};
  private readonly sample: ReplaySampleEntry[] = [];

  constructor(
    private readonly dryRun: boolean,
    private readonly maxEvents: number,
  ) {}

  get limitReached(): boolean {
    return this.selected >= this.maxEvents;
  }

  /** A dry run's plan or a requeue's success. */
  select(groupId: string, record: EventRecord): void {
    this.byGroup[groupId] = (this.byGroup[groupId] ?? 0) + 1;
    this.selected += 1;
    if (!this.dryRun) this.requeued += 1;
    if (this.sample.length < SAMPLE_SIZE) this.sample.push(sampleOf(record));
  }

  report(): ReplayReport {
    return {
      dryRun: this.dryRun,
      examined: this.examined,
      matched: this.matched,
      requeued: this.requeued,
      skipped: this.skipped,
      failed: this.failed,
      byGroup: { ...this.byGroup },
      sample: [...this.sample],
      remaining: this.remaining,
      stoppedEarly: this.stoppedEarly,
    };
  }
}
