/**
 * The X-Ray trace header of the running invocation (`Root=…;Parent=…;Sampled=…`). The Lambda runtime
 * sets it per invocation, so it is read per call, not once at start.
 */
export function currentTraceHeader(): string | undefined {
  const header = process.env._X_AMZN_TRACE_ID;
  return header === undefined || header === '' ? undefined : header;
}

/** The `Root=` part of a trace header: the id one event's trace is found by. */
export function traceRootOf(header: string | undefined): string | undefined {
  return header
    ?.split(';')
    .find((part) => part.startsWith('Root='))
    ?.slice('Root='.length);
}
