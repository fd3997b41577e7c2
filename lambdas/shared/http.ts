import {
  BackpressureError,
  DependencyError,
  NotFoundError,
  PayloadTooLargeError,
  SignatureError,
  UnauthorizedError,
  UnknownSourceError,
  UnsupportedMediaTypeError,
  UnusableEventError,
} from './errors.js';
import type { RejectReason } from './observability/names.js';

export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

export function jsonResponse(
  statusCode: number,
  body: object,
  headers: Record<string, string> = {},
): HttpResponse {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

interface ErrorMapping {
  readonly statusCode: number;
  /** Short and generic: the detailed reason goes to the log only. */
  readonly message: string;
  readonly reason?: RejectReason;
}

/** The one place that turns an error into a status code (docs/architecture.md#http-contract). */
export function describeError(error: unknown): ErrorMapping {
  if (error instanceof UnknownSourceError)
    return { statusCode: 404, message: 'unknown source', reason: 'unknown-source' };
  if (error instanceof PayloadTooLargeError)
    return { statusCode: 413, message: 'payload too large', reason: 'too-large' };
  if (error instanceof UnsupportedMediaTypeError) {
    return { statusCode: 415, message: 'unsupported content type', reason: 'media-type' };
  }
  if (error instanceof SignatureError) {
    const reason = error.message.startsWith('timestamp') ? 'timestamp' : 'signature';
    return { statusCode: 401, message: 'invalid signature', reason };
  }
  if (error instanceof UnauthorizedError) return { statusCode: 401, message: 'unauthorized' };
  if (error instanceof UnusableEventError)
    return { statusCode: 400, message: 'unusable event', reason: 'unusable' };
  if (error instanceof NotFoundError) return { statusCode: 404, message: 'not found' };
  if (error instanceof BackpressureError)
    return { statusCode: 429, message: 'busy, retry later', reason: 'backpressure' };
  if (error instanceof DependencyError) return { statusCode: 503, message: 'temporarily unavailable' };
  return { statusCode: 500, message: 'internal error' };
}

export function errorResponse(error: unknown): HttpResponse {
  const { statusCode, message } = describeError(error);
  const headers: Record<string, string> =
    error instanceof BackpressureError ? { 'retry-after': String(error.retryAfterSeconds) } : {};
  return jsonResponse(statusCode, { status: 'error', error: message }, headers);
}
