import { findSource, type GatewayConfig, type SourceConfig } from '../shared/config/load.js';
import type { EventKey, EventRecord, SigningKeyId, StoredEvent } from '../shared/domain/event.js';
import { eventIdOf, queuedEventOf, sha256Hex } from '../shared/domain/ids.js';
import { mediaTypeOf, parsePayload } from '../shared/domain/payload.js';
import type { SecretCache } from '../shared/domain/secret-cache.js';
import {
  BackpressureError,
  PayloadTooLargeError,
  SignatureError,
  UnknownSourceError,
  UnsupportedMediaTypeError,
  UnusableEventError,
} from '../shared/errors.js';
import type { Clock, EventQueue, EventStore } from '../shared/ports.js';
import type { BackpressureGuard } from './backpressure.js';
import { epochMsOf, normalizeOccurredAt } from './occurred-at.js';
import { readSelector } from './selector.js';
import { verifySignature } from './signatures/index.js';
import { activeSigningKeys } from './signing-keys.js';

const MAX_IDEMPOTENCY_KEY_LENGTH = 512;

export interface IngestRequest {
  readonly sourceId: string;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact bytes received. */
  readonly body: Uint8Array;
  /** X-Ray trace header of this invocation, carried to the worker. */
  readonly traceHeader?: string;
}

export interface IngestDeps {
  readonly config: GatewayConfig;
  readonly store: EventStore;
  readonly queue: EventQueue;
  readonly secrets: SecretCache;
  readonly clock: Clock;
  readonly backpressure?: BackpressureGuard;
}

export interface IngestOutcome {
  readonly kind: 'accepted' | 'duplicate' | 'conflict';
  readonly eventId: string;
  readonly sourceId: string;
  readonly entityId: string;
  readonly signingKey: SigningKeyId;
  /** True when a duplicate of a stored-but-unqueued event was queued now (docs/architecture.md#invariants, item 2). */
  readonly requeued: boolean;
}

async function verify(source: SourceConfig, request: IngestRequest, deps: IngestDeps): Promise<SigningKeyId> {
  const nowMs = deps.clock();
  const attempt = async () => {
    const versions = await deps.secrets.get(source.secretName);
    return verifySignature(source.scheme, {
      headers: request.headers,
      body: request.body,
      keys: activeSigningKeys(versions, source.rotationWindowHours, nowMs),
      nowSeconds: Math.floor(nowMs / 1000),
      toleranceSeconds: source.toleranceSeconds,
    });
  };
  let result = await attempt();
  // A miss may mean the key was rotated since we cached it: re-read once (rate-limited) before rejecting.
  if (!result.ok && (await deps.secrets.refresh(source.secretName))) result = await attempt();
  if (!result.ok) throw new SignatureError(result.reason);
  return result.key;
}

/** For schemes that sign no time: the vendor's own send-time header, when the source requires it. */
function checkSentAt(source: SourceConfig, request: IngestRequest, nowMs: number): void {
  if (source.timestampHeader === undefined) return;
  const value = request.headers[source.timestampHeader.toLowerCase()];
  if (value === undefined) throw new SignatureError(`timestamp header ${source.timestampHeader} missing`);
  const sentAtMs = epochMsOf(value);
  if (sentAtMs === undefined || Math.abs(nowMs - sentAtMs) > source.toleranceSeconds * 1000) {
    throw new SignatureError(`timestamp in ${source.timestampHeader} outside the window`);
  }
}

function checkEnvelope(source: SourceConfig, request: IngestRequest): string {
  if (request.body.byteLength > source.maxBodyBytes) {
    throw new PayloadTooLargeError(`body of ${request.body.byteLength} bytes exceeds ${source.maxBodyBytes}`);
  }
  const mediaType = mediaTypeOf(request.headers['content-type']);
  if (!source.contentTypes.some((allowed) => allowed.toLowerCase() === mediaType)) {
    throw new UnsupportedMediaTypeError(`content type "${mediaType}" is not allowed`);
  }
  return mediaType;
}

function buildEvent(
  source: SourceConfig,
  request: IngestRequest,
  mediaType: string,
  signingKey: SigningKeyId,
  nowMs: number,
  retentionDays: number,
): StoredEvent {
  const payload = parsePayload(request.body, mediaType);
  const idempotencyKey = readSelector(source.idempotencyKey, request.headers, payload);
  if (idempotencyKey === undefined)
    throw new UnusableEventError(`no idempotency key at ${source.idempotencyKey}`);
  if (idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH)
    throw new UnusableEventError('idempotency key too long');
  const key: EventKey = { sourceId: source.id, idempotencyKey };
  const receivedAt = new Date(nowMs).toISOString();
  const occurredAt =
    source.occurredAt === undefined
      ? undefined
      : normalizeOccurredAt(readSelector(source.occurredAt, request.headers, payload));
  return {
    ...key,
    eventId: eventIdOf(key),
    tenant: source.tenant,
    eventType: readSelector(source.eventType, request.headers, payload) ?? 'unknown',
    // Without an entity the event is its own group: no ordering, no head-of-line blocking.
    entityId:
      (source.entityId === undefined ? undefined : readSelector(source.entityId, request.headers, payload)) ??
      idempotencyKey,
    receivedAt,
    ...(occurredAt === undefined ? {} : { occurredAt }),
    payloadHash: sha256Hex(request.body),
    contentType: mediaType,
    status: 'RECEIVED',
    attempts: 0,
    replayCount: 0,
    signingKey,
    updatedAt: receivedAt,
    expiresAt: Math.floor(nowMs / 1000) + retentionDays * 86_400,
    body: request.body,
  };
}

/**
 * The send is the last call before the 202: no status write follows it. The record stays RECEIVED
 * until the worker claims it, and one that was stored but never sent is queued by the vendor's retry
 * or by the sweeper (docs/architecture.md#invariants, item 2).
 */
async function enqueue(event: EventRecord, deps: IngestDeps, traceHeader: string | undefined): Promise<void> {
  await deps.queue.send(queuedEventOf(event, traceHeader));
}

/**
 * Verify → store once → queue (docs/architecture.md#flow-of-one-event). Throws a RequestError for 4xx
 * and a DependencyError for 503 (#http-contract).
 */
export async function ingest(request: IngestRequest, deps: IngestDeps): Promise<IngestOutcome> {
  const source = findSource(deps.config, request.sourceId);
  if (source === undefined) throw new UnknownSourceError(`unknown source ${request.sourceId}`);
  const mediaType = checkEnvelope(source, request);
  const signingKey = await verify(source, request, deps);
  const nowMs = deps.clock();
  checkSentAt(source, request, nowMs);
  const event = buildEvent(source, request, mediaType, signingKey, nowMs, deps.config.retentionDays);
  const outcome = { eventId: event.eventId, sourceId: source.id, entityId: event.entityId, signingKey };

  const retryAfter = await deps.backpressure?.retryAfterSeconds(source.id);
  if (retryAfter !== undefined)
    throw new BackpressureError(`the worker is behind on ${source.id}`, retryAfter);

  const put = await deps.store.putIfAbsent(event, Math.floor(nowMs / 1000));
  if (put.created) {
    // A paused source keeps its events RECEIVED (stored, never sent) until unpaused.
    if (!source.paused) await enqueue(event, deps, request.traceHeader);
    return { ...outcome, kind: 'accepted', requeued: false };
  }
  const existing = put.existing;
  if (existing.payloadHash !== event.payloadHash) {
    return { ...outcome, kind: 'conflict', entityId: existing.entityId, requeued: false };
  }
  // Not claimed by the worker yet: perhaps never sent (SQS failed after the put), so the vendor's
  // retry sends it; within SQS's 5-minute deduplication window a copy already sent is dropped there.
  if (existing.status === 'RECEIVED' && !source.paused) {
    await enqueue(existing, deps, request.traceHeader);
    return { ...outcome, kind: 'duplicate', entityId: existing.entityId, requeued: true };
  }
  return { ...outcome, kind: 'duplicate', entityId: existing.entityId, requeued: false };
}
