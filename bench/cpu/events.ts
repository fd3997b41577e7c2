import type { APIGatewayProxyEvent, SQSEvent } from 'aws-lambda';
import type { StoredEvent } from '../../lambdas/shared/domain/event.js';
import { githubPushBody } from '../support/payload.js';
import {
  BENCH_REPOSITORY,
  BENCH_SOURCE_ID,
  signedGithubDelivery,
  sqsRecordFor,
} from '../support/requests.js';

/** Inputs for the measured loops. No handler is imported here: the floor runs without them. */

export const BENCH_SECRET = 'bench-signing-secret-0123456789abcdef';
export const WORKER_BATCH_SIZE = 10;

export interface Deliveries {
  readonly events: APIGatewayProxyEvent[];
  readonly bodies: Uint8Array[];
}

/** `count` signed deliveries with unique ids (so each is accepted) and bodies of `bodyBytes`. */
export function deliveries(prefix: string, count: number, bodyBytes: number): Deliveries {
  const events: APIGatewayProxyEvent[] = [];
  const bodies: Uint8Array[] = [];
  for (let index = 0; index < count; index += 1) {
    const id = `${prefix}-${index}-${crypto.randomUUID()}`;
    const body = githubPushBody(id, BENCH_REPOSITORY, bodyBytes);
    bodies.push(body);
    events.push(signedGithubDelivery(BENCH_SECRET, id, body));
  }
  return { events, bodies };
}

/** `count` events as the ingest leaves them: stored, QUEUED, body inside. */
export function queuedEvents(prefix: string, count: number, bodyBytes: number): StoredEvent[] {
  const receivedAt = new Date().toISOString();
  return Array.from({ length: count }, (_, index) => {
    const idempotencyKey = `${prefix}-${index}-${crypto.randomUUID()}`;
    return {
      sourceId: BENCH_SOURCE_ID,
      idempotencyKey,
      eventId: `${BENCH_SOURCE_ID}:${idempotencyKey}`,
      tenant: 'default',
      eventType: 'push',
      entityId: `${BENCH_REPOSITORY}-${index % 50}`,
      receivedAt,
      payloadHash: '0'.repeat(64),
      contentType: 'application/json',
      status: 'QUEUED',
      attempts: 0,
      replayCount: 0,
      signingKey: 'current',
      updatedAt: receivedAt,
      expiresAt: Math.floor(Date.now() / 1000) + 30 * 86_400,
      body: githubPushBody(idempotencyKey, BENCH_REPOSITORY, bodyBytes),
    };
  });
}

/** The events as SQS batches of the configured size. */
export function batchesOf(events: readonly StoredEvent[], prefix: string): SQSEvent[] {
  const batches: SQSEvent[] = [];
  for (let start = 0; start < events.length; start += WORKER_BATCH_SIZE) {
    batches.push({
      Records: events
        .slice(start, start + WORKER_BATCH_SIZE)
        .map((event, offset) => sqsRecordFor(event, `${prefix}-message-${start + offset}`)),
    });
  }
  return batches;
}
