import type { IngestOutcome } from '../../lambdas/ingest/ingest.js';
import { reportOutcome } from '../../lambdas/ingest/report-outcome.js';
import { encodeBody } from '../../lambdas/shared/adapters/event-items.js';
import { lambdaHandler } from '../../lambdas/shared/lambda-handler.js';
import { logger } from '../../lambdas/shared/observability/powertools.js';
import { invocationContext } from '../../local/invocation-context.js';
import { BENCH_REPOSITORY, BENCH_SOURCE_ID } from '../support/requests.js';
import { deliveries } from './events.js';
import { collectGarbage, cpuOf } from './measure.js';
import type { ChildRequest, ChildResult } from './protocol.js';

// Two parts of every accepted delivery that no rewrite of the gateway's own code removes, each timed
// alone: the body's gzip (which keeps a 1 KB event in one write unit) and the handler chain with
// nothing in it but the reporting of the answer (middy, Powertools' context and keys, the log line,
// the EMF line).

const INVOCATION = invocationContext({ functionName: 'webhook-gateway-ingest', requestId: 'bench-request' });

/** The ingest handler's chain with only its reporting left in it. */
const reportOnly = lambdaHandler(async (outcome: IngestOutcome) => {
  logger.appendKeys({ sourceId: outcome.sourceId });
  reportOutcome(outcome);
});

const acceptedOutcome = (index: number): IngestOutcome => ({
  kind: 'accepted',
  eventId: `${BENCH_SOURCE_ID}:parts-${index}-${crypto.randomUUID()}`,
  sourceId: BENCH_SOURCE_ID,
  entityId: BENCH_REPOSITORY,
  signingKey: 'current',
  requeued: false,
});

// Written by every gzip so none of it can be optimised away.
export let sink = 0;

/** Per round: every body gzipped, then every outcome reported, so both parts share the machine's mood. */
export async function measureIngestParts(request: ChildRequest): Promise<ChildResult> {
  const { bodies } = deliveries('parts', request.eventsPerRound, request.bodyBytes);
  const outcomes = bodies.map((_, index) => acceptedOutcome(index));
  const gzip = () => cpuOf(bodies, (body) => (sink += encodeBody(body).bytes.byteLength));
  const report = () => cpuOf(outcomes, (outcome) => reportOnly(outcome, INVOCATION));
  for (let warmed = 0; warmed < request.warmupEvents; warmed += bodies.length) {
    await gzip();
    await report();
  }
  let gzipMicros = 0;
  let reportMicros = 0;
  for (let round = 0; round < request.rounds; round += 1) {
    collectGarbage();
    gzipMicros += await gzip();
    collectGarbage();
    reportMicros += await report();
  }
  const events = request.rounds * bodies.length;
  return { kind: 'parts', events, gzipUs: gzipMicros / events, reportUs: reportMicros / events };
}
