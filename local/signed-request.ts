import { randomUUID } from 'node:crypto';
import { readSelector } from '../lambdas/ingest/selector.js';
import { signRequest } from '../lambdas/ingest/signatures/index.js';
import type { SourceConfig } from '../lambdas/shared/config/load.js';
import { mediaTypeOf, parsePayload } from '../lambdas/shared/domain/payload.js';

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

export interface SignedRequest {
  readonly url: string;
  /** Named as the vendor names them, Content-Type first. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    return undefined;
  }
}

/** JSON when the body is JSON and the source takes it, else the first other type the source lists. */
export function contentTypeFor(source: SourceConfig, body: Uint8Array): string {
  const allowed = source.contentTypes.map((type) => type.toLowerCase());
  const isJson = parseJson(body) !== undefined;
  if (isJson && allowed.includes(JSON_TYPE)) return JSON_TYPE;
  if (!isJson && allowed.includes(FORM_TYPE)) return FORM_TYPE;
  return source.contentTypes[0] ?? JSON_TYPE;
}

/**
 * The delivery id a vendor would put in its id header. A fresh one per call (a new delivery), except
 * for WordPress, whose plugin sends the body's `idempotency_key` as the `Idempotency-Key` header.
 */
export function deliveryIdFor(
  source: SourceConfig,
  body: Uint8Array,
  newId: () => string = randomUUID,
): string {
  if (source.scheme === 'wordpress') {
    const payload = parseJson(body);
    if (typeof payload === 'object' && payload !== null && 'idempotency_key' in payload) {
      const key = payload.idempotency_key;
      if (typeof key === 'string' && key !== '') return key;
    }
  }
  const id = newId();
  return source.scheme === 'standard-webhooks' || source.scheme === 'svix'
    ? `msg_${id.replaceAll('-', '')}`
    : id;
}

export interface SignOptions {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  readonly source: SourceConfig;
  /** The source's signing secret, as the vendor gives it. */
  readonly secret: string;
  readonly body: Uint8Array;
  readonly nowSeconds: number;
  readonly id: string;
  readonly eventType?: string | undefined;
}

/** The request the source's vendor would send for this body, signed with the source's secret. */
export function signedRequest(options: SignOptions): SignedRequest {
  const { source, body } = options;
  const signature = signRequest(source.scheme, {
    secret: options.secret,
    body,
    nowSeconds: options.nowSeconds,
    id: options.id,
    ...(options.eventType === undefined ? {} : { eventType: options.eventType }),
  });
  return {
    url: `${options.baseUrl}/webhooks/${encodeURIComponent(source.id)}`,
    headers: { 'Content-Type': contentTypeFor(source, body), ...signature },
    body,
  };
}

/** The idempotency key the ingest will read from this request (undefined when it has none). */
export function idempotencyKeyOf(source: SourceConfig, request: SignedRequest): string | undefined {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  try {
    const payload = parsePayload(request.body, mediaTypeOf(headers['content-type']));
    return readSelector(source.idempotencyKey, headers, payload);
  } catch {
    return undefined;
  }
}

/** POSIX single quotes: nothing inside is expanded; a quote becomes `'\''`. */
export const shellQuote = (value: string): string => `'${value.replaceAll("'", "'\\''")}'`;

/**
 * A one-line `curl` that sends exactly these bytes (`--data-binary` keeps them as they are): from
 * `bodyFile` when given (the file the signature was made over), else inline.
 */
export function curlCommand(request: SignedRequest, bodyFile?: string): string {
  const parts = ['curl', '-sS', "-w '\\n'", '-X', 'POST', shellQuote(request.url)];
  for (const [name, value] of Object.entries(request.headers))
    parts.push('-H', shellQuote(`${name}: ${value}`));
  const data = bodyFile === undefined ? new TextDecoder().decode(request.body) : `@${bodyFile}`;
  parts.push('--data-binary', shellQuote(data));
  return parts.join(' ');
}
