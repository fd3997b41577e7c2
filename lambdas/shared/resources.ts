/**
 * The one description of the table and queues, read by the CDK stack and by the local stack, so the
 * two never drift: key names, the attention index, TTL attribute, redrive and visibility.
 */
export const TABLE = {
  partitionKey: 'pk',
  ttlAttribute: 'expiresAt',
  /** Sparse index: only records that need attention (RECEIVED, DEAD_LETTERED) carry `attention`. */
  attentionIndex: {
    name: 'attention',
    partitionKey: 'attention',
    sortKey: 'receivedAt',
    /**
     * The record's fields without the body: an index write is billed on the projected size, so
     * projecting ALL would copy the body (and its cost) into every index change.
     */
    projectedAttributes: [
      'eventId',
      'sourceId',
      'idempotencyKey',
      'tenant',
      'eventType',
      'entityId',
      'occurredAt',
      'payloadHash',
      'contentType',
      'status',
      'attempts',
      'lastError',
      'replayCount',
      'signingKey',
      'updatedAt',
      'expiresAt',
    ],
  },
} as const;

/** Statuses kept in the attention index (docs/architecture.md#data-model). */
export const ATTENTION_STATUSES = ['RECEIVED', 'DEAD_LETTERED'] as const;

export const QUEUE = {
  /** Visibility timeout ≥ 6 × the worker's timeout (docs/architecture.md#limits-and-aws-facts-the-code-relies-on). */
  visibilityTimeoutSeconds: (workerTimeoutSeconds: number): number => workerTimeoutSeconds * 6,
  /** The main queue keeps messages 4 days; the DLQ keeps them for the maximum, 14 days. */
  retentionSeconds: 4 * 24 * 3600,
  deadLetterRetentionSeconds: 14 * 24 * 3600,
  /** SQS allows up to 1 MiB; the gateway only sends event references. */
  maxMessageBytes: 262_144,
} as const;

/** Environment variables the functions read, set by the stack and by the local stack alike. */
export const ENV = {
  tableName: 'TABLE_NAME',
  queueUrl: 'QUEUE_URL',
  deadLetterQueueUrl: 'DLQ_URL',
  /** The S3 bucket that holds bodies too big for the event's item (claim-check). */
  bodyBucket: 'BODY_BUCKET',
} as const;

/** The bodies bucket: objects live as long as the records that point at them, plus a day. */
export const BODY_BUCKET = {
  /** Every body object's key starts with this. */
  keyPrefix: 'bodies/',
  expirationDays: (retentionDays: number): number => retentionDays + 1,
} as const;
