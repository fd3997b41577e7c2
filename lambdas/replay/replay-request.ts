import { z } from 'zod';
import { EVENT_STATUSES } from '../shared/domain/event.js';
import { ReplayInputError } from '../shared/errors.js';
import { ATTENTION_STATUSES } from '../shared/resources.js';

export const DEFAULT_MAX_EVENTS = 100;
export const MAX_EVENTS_LIMIT = 10_000;
export const DEFAULT_RATE_PER_SECOND = 10;
export const MAX_RATE_PER_SECOND = 1000;

// Normalised to UTC with milliseconds: records keep receivedAt in that form and compare it as text.
const isoInstant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

const filterSchema = z.strictObject({
  sourceId: z.string().min(1).optional(),
  /** Exact, or a prefix when it ends with `*` (`invoice.*`). */
  eventType: z.string().min(1).optional(),
  entityId: z.string().min(1).optional(),
  receivedAfter: isoInstant.optional(),
  receivedBefore: isoInstant.optional(),
  status: z.enum(EVENT_STATUSES).optional(),
});

const eventIdSchema = z.string().regex(/^[^:]+:.+$/, 'must be "<sourceId>:<idempotencyKey>"');

const requestSchema = z
  .strictObject({
    from: z.enum(['dlq', 'store']).default('dlq'),
    // On-call must opt in to change anything.
    dryRun: z.boolean().default(true),
    filter: filterSchema.default({}),
    eventIds: z.array(eventIdSchema).min(1).max(MAX_EVENTS_LIMIT).optional(),
    maxEvents: z.int().min(1).max(MAX_EVENTS_LIMIT).default(DEFAULT_MAX_EVENTS),
    ratePerSecond: z.number().positive().max(MAX_RATE_PER_SECOND).default(DEFAULT_RATE_PER_SECOND),
  })
  .superRefine((request, context) => {
    const { receivedAfter, receivedBefore, status } = request.filter;
    if (receivedAfter !== undefined && receivedBefore !== undefined && receivedAfter > receivedBefore) {
      context.addIssue({
        code: 'custom',
        path: ['filter', 'receivedBefore'],
        message: 'must not be earlier than filter.receivedAfter',
      });
    }
    // Without ids the store is read through the attention index, which holds only these statuses.
    const indexed: readonly string[] = ATTENTION_STATUSES;
    if (
      request.from === 'store' &&
      request.eventIds === undefined &&
      status !== undefined &&
      !indexed.includes(status)
    ) {
      context.addIssue({
        code: 'custom',
        path: ['filter', 'status'],
        message: `from "store" without eventIds reads ${ATTENTION_STATUSES.join(' or ')} only`,
      });
    }
  });

export type ReplayRequest = z.output<typeof requestSchema>;
export type ReplayFilter = ReplayRequest['filter'];
export type ReplayRequestInput = z.input<typeof requestSchema>;

function describeIssues(error: z.ZodError): string {
  const lines = error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `  - ${path === '' ? key : `${path}.${key}`}: unknown field`);
    }
    return [`  - ${path === '' ? '(request)' : path}: ${issue.message}`];
  });
  return `invalid replay request:\n${lines.join('\n')}`;
}

/** Validates a console test event or CLI argument; nothing runs unless every field is valid. */
export function parseReplayRequest(raw: unknown): ReplayRequest {
  const result = requestSchema.safeParse(raw ?? {});
  if (!result.success) throw new ReplayInputError(describeIssues(result.error));
  return result.data;
}
