import * as z from 'zod/mini';
import { EVENT_STATUSES } from '../shared/domain/event.js';
import { ReplayInputError } from '../shared/errors.js';
import { ATTENTION_STATUSES } from '../shared/resources.js';

export const DEFAULT_MAX_EVENTS = 100;
export const MAX_EVENTS_LIMIT = 10_000;
export const DEFAULT_RATE_PER_SECOND = 10;
export const MAX_RATE_PER_SECOND = 1000;

// zod/mini ships no message texts: each field says what it expects, whatever was wrong with it.
const must = (expected: string) => ({ error: `must be ${expected}` });

const text = must('a non-empty string');
const nonEmpty = z.string(text).check(z.minLength(1, text));

// Normalised to UTC with milliseconds: records keep receivedAt in that form and compare it as text.
const isoInstant = z.pipe(
  z.iso.datetime({ offset: true, ...must('an ISO-8601 date-time, e.g. 2026-03-01T12:00:00Z') }),
  z.transform((value) => new Date(value).toISOString()),
);

const filterSchema = z.strictObject(
  {
    sourceId: z.optional(nonEmpty),
    /** Exact, or a prefix when it ends with `*` (`invoice.*`). */
    eventType: z.optional(nonEmpty),
    entityId: z.optional(nonEmpty),
    receivedAfter: z.optional(isoInstant),
    receivedBefore: z.optional(isoInstant),
    status: z.optional(z.enum(EVENT_STATUSES, must(`one of ${EVENT_STATUSES.join(', ')}`))),
  },
  must('an object'),
);

const eventId = must('"<sourceId>:<idempotencyKey>"');
const eventIdSchema = z.string(eventId).check(z.regex(/^[^:]+:.+$/, eventId));

const eventIds = must(`a list of 1 to ${MAX_EVENTS_LIMIT} event ids`);
const maxEvents = must(`a whole number from 1 to ${MAX_EVENTS_LIMIT}`);
const rate = must(`a number above 0, at most ${MAX_RATE_PER_SECOND}`);

const requestSchema = z
  .strictObject(
    {
      from: z._default(z.enum(['dlq', 'store'], must('"dlq" or "store"')), 'dlq'),
      // On-call must opt in to change anything.
      dryRun: z._default(z.boolean(must('true or false')), true),
      filter: z._default(filterSchema, {}),
      eventIds: z.optional(
        z
          .array(eventIdSchema, eventIds)
          .check(z.minLength(1, eventIds), z.maxLength(MAX_EVENTS_LIMIT, eventIds)),
      ),
      maxEvents: z._default(
        z.int(maxEvents).check(z.minimum(1, maxEvents), z.maximum(MAX_EVENTS_LIMIT, maxEvents)),
        DEFAULT_MAX_EVENTS,
      ),
      ratePerSecond: z._default(
        z.number(rate).check(z.positive(rate), z.maximum(MAX_RATE_PER_SECOND, rate)),
        DEFAULT_RATE_PER_SECOND,
      ),
    },
    must('an object'),
  )
  .check(
    z.superRefine((request, context) => {
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
    }),
  );

export type ReplayRequest = z.output<typeof requestSchema>;
export type ReplayFilter = ReplayRequest['filter'];
export type ReplayRequestInput = z.input<typeof requestSchema>;

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.flatMap((issue) => {
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
  if (!result.success) throw new ReplayInputError(describeIssues(result.error.issues));
  return result.data;
}
