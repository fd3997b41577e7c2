import { tracer } from './tracer.js';

export const TRACE_ROOT_KEY = 'traceRoot';

/**
 * Runs one event's work in its own X-Ray subsegment annotated with the ingest's trace root, so the
 * event's ingest and worker traces are found by one id. A no-op without an active segment.
 */
export async function inEventSegment<T>(traceRoot: string | undefined, work: () => Promise<T>): Promise<T> {
  const parent = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
  if (parent === undefined) return work();
  const segment = parent.addNewSubsegment('### event');
  tracer.setSegment(segment);
  if (traceRoot !== undefined) tracer.putAnnotation(TRACE_ROOT_KEY, traceRoot);
  try {
    return await work();
  } catch (error) {
    if (error instanceof Error) tracer.addErrorAsMetadata(error);
    throw error;
  } finally {
    segment.close();
    tracer.setSegment(parent);
  }
}
