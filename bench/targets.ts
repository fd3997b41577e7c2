/**
 * What `npm run bench` holds the gateway to: every target in one place, each with why. A figure is
 * MET at or below its limit; a MISSED figure is reported, it does not fail the run (failing to
 * measure does).
 */

export type TargetId =
  | 'writeUnits'
  | 'sequentialCalls'
  | 'duplicateReads'
  | 'coldInit'
  | 'ingestCpu'
  | 'costHttp'
  | 'costRest';

export interface Target {
  readonly figure: string;
  /** The largest value that still meets the target. */
  readonly max: number;
  /** How the limit and the measured value are printed. */
  readonly unit: 'WRU' | 'calls' | 'reads' | '×' | '$';
  readonly reason: string;
}

export const TARGETS: Readonly<Record<TargetId, Target>> = {
  writeUnits: {
    figure: 'DynamoDB write units per accepted 1 KB event, index writes included',
    max: 5,
    unit: 'WRU',
    reason:
      'write units are the largest per-event line of the bill: the event written once plus small status writes',
  },
  sequentialCalls: {
    figure: 'sequential AWS calls before the 202 (1 KB, warm container)',
    max: 2,
    unit: 'calls',
    reason:
      'each awaited call adds its round trip to every answer and to billed ingest time: store, then queue',
  },
  duplicateReads: {
    figure: 'reads for a duplicate delivery',
    max: 1,
    unit: 'reads',
    reason: 'vendors retry freely: a duplicate must cost the failed conditional write and at most one read',
  },
  coldInit: {
    figure: 'cold init vs a bundle of the same SDK clients alone',
    max: 1.2,
    unit: '×',
    reason: 'the SDK clients are the floor of a cold start; our code may add a fifth on top, not more',
  },
  ingestCpu: {
    figure: 'ingest CPU per 1 KB event, production logging and metrics, vs the floor',
    max: 5,
    unit: '×',
    reason:
      'verifying, hashing and parsing is the work; logging, metrics and wiring may not cost more than 4× that again',
  },
  costHttp: {
    figure: 'cost per million 1 KB events at 100 M/month, HTTP API',
    max: 4,
    unit: '$',
    reason: 'API Gateway is $1.00 of it; DynamoDB, Lambda, SQS, logs and traces together must fit in $3',
  },
  costRest: {
    figure: 'cost per million 1 KB events at 100 M/month, REST API',
    max: 7,
    unit: '$',
    reason:
      'the same budget behind the REST API, whose requests cost $2.50 per million more, with $0.50 to spare',
  },
};

export type Status = 'MET' | 'MISSED' | 'not measured';

/** One figure against its target, as printed and written to results.json. */
export interface Verdict {
  readonly id: TargetId;
  /** The target's figure, with what this particular row measured when there are several. */
  readonly figure: string;
  readonly measured: number | null;
  readonly shown: string;
  readonly target: string;
  readonly status: Status;
  /** Where the value came from, or why there is none. */
  readonly note?: string;
}

export function formatValue(unit: Target['unit'], value: number): string {
  switch (unit) {
    case '$':
      return `$${value.toFixed(2)}`;
    case '×':
      return `${value.toFixed(2)}×`;
    case 'WRU':
      return `${Number.isInteger(value) ? value : value.toFixed(1)} WRU`;
    default:
      // '1 read', '2 calls'
      return `${Number.isInteger(value) ? value : value.toFixed(1)} ${value === 1 ? unit.slice(0, -1) : unit}`;
  }
}

export const targetText = (target: Target): string => `≤ ${formatValue(target.unit, target.max)}`;

/** A measured value against its target; null means the figure was not measured in this run. */
export function verdict(
  id: TargetId,
  measured: number | null,
  options: { figure?: string; note?: string } = {},
): Verdict {
  const target = TARGETS[id];
  const base = {
    id,
    figure: options.figure ?? target.figure,
    target: targetText(target),
    ...(options.note === undefined ? {} : { note: options.note }),
  };
  if (measured === null) return { ...base, measured: null, shown: '-', status: 'not measured' };
  if (!Number.isFinite(measured)) throw new Error(`${base.figure}: measured ${measured}`);
  return {
    ...base,
    measured,
    shown: formatValue(target.unit, measured),
    status: measured <= target.max ? 'MET' : 'MISSED',
  };
}
