/** Base of every error the gateway raises on purpose; `cause` keeps the original for the log. */
export class GatewayError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The configuration file is invalid; the message names the field. */
export class ConfigError extends GatewayError {}

/** Input the caller can fix: mapped to a 4xx in one place (`lambdas/shared/http.ts`). */
export class RequestError extends GatewayError {}
export class UnknownSourceError extends RequestError {}
export class PayloadTooLargeError extends RequestError {}
export class UnsupportedMediaTypeError extends RequestError {}
/** Missing or wrong signature, or a timestamp outside the window; the reason is logged, never returned. */
export class SignatureError extends RequestError {}
/** Signed, but the gateway cannot use it (not JSON, no idempotency key). */
export class UnusableEventError extends RequestError {}
export class UnauthorizedError extends RequestError {}
export class NotFoundError extends RequestError {}
/** The gateway is shedding load (queue too old); the vendor should retry later. */
export class BackpressureError extends RequestError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** A replay request (console test event, CLI) is malformed; the message lists every bad field. */
export class ReplayInputError extends GatewayError {}

/** A dependency (DynamoDB, SQS, Secrets Manager) failed: 503, the vendor retries, nothing is lost. */
export class DependencyError extends GatewayError {}

/** Raised by actions: the worker retries a retryable one and dead-letters a permanent one. */
export class ActionError extends GatewayError {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: ErrorOptions & { retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
  readonly retryAfterSeconds: number | undefined;
}
export class RetryableActionError extends ActionError {
  constructor(message: string, options?: ErrorOptions & { retryAfterSeconds?: number }) {
    super(message, true, options);
  }
}
export class PermanentActionError extends ActionError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, false, options);
  }
}
