/**
 * Metric and service names shared by the functions (which emit them) and the stack (whose dashboard
 * and alarms read them), so a rename cannot silently empty a graph.
 */
export const DEFAULT_METRICS_NAMESPACE = 'WebhookGateway';
export const DEFAULT_SERVICE_NAME = 'webhook-gateway';
// A deployed stack names both after itself through the Powertools variables (two gateways in one
// region must not share metrics); explicit constructor options would override them, so read them here.
export const METRICS_NAMESPACE = process.env.POWERTOOLS_METRICS_NAMESPACE || DEFAULT_METRICS_NAMESPACE;
export const SERVICE_NAME = process.env.POWERTOOLS_SERVICE_NAME || DEFAULT_SERVICE_NAME;

export const METRIC = {
  accepted: 'Accepted',
  duplicate: 'Duplicate',
  conflict: 'Conflict',
  /** Dimension `reason`: signature | timestamp | unknown-source | too-large | media-type | unusable | backpressure. */
  rejected: 'Rejected',
  /** Dimension `key`: current | previous. */
  signatureVerified: 'SignatureVerified',
  processed: 'Processed',
  succeeded: 'Succeeded',
  retried: 'Retried',
  deadLettered: 'DeadLettered',
  skippedStale: 'SkippedStale',
  /** Milliseconds from receivedAt to succeeded. */
  endToEndLatency: 'EndToEndLatency',
  requeued: 'Requeued',
  /** Status API requests, answered or refused. */
  statusLookups: 'StatusLookups',
} as const;

export const REJECT_REASONS = [
  'signature',
  'timestamp',
  'unknown-source',
  'too-large',
  'media-type',
  'unusable',
  'backpressure',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Message attribute carrying the X-Ray trace header from ingest to worker. */
export const TRACE_ATTRIBUTE = 'TraceHeader';
