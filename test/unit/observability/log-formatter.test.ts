import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CompactLogFormatter } from '../../../lambdas/shared/observability/log-formatter.js';
import { invocationContext } from '../../../local/invocation-context.js';

const TRACE_HEADER = 'Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1';

/** The JSON lines a logger with the compact formatter prints while `log` runs. */
function linesPrintedBy(log: (logger: Logger) => void): Array<Record<string, unknown>> {
  const printed: string[] = [];
  for (const stream of [process.stdout, process.stderr])
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
  vi.stubEnv('_X_AMZN_TRACE_ID', TRACE_HEADER);
  const logger = new Logger({
    serviceName: 'webhook-gateway',
    logLevel: 'INFO',
    logFormatter: new CompactLogFormatter(),
  });
  log(logger);
  vi.restoreAllMocks();
  return printed
    .join('')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('compact log lines', () => {
  it('keep level, message, time, request id, trace id and the keys, and leave out what the log group says', () => {
    const [line] = linesPrintedBy((logger) => {
      logger.addContext(
        invocationContext({ functionName: 'webhook-gateway-ingest', requestId: 'request-1' }),
      );
      logger.info('event accepted', { sourceId: 'github-acme', eventId: 'github-acme:delivery-1' });
    });

    expect(line).toEqual({
      level: 'INFO',
      message: 'event accepted',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      function_request_id: 'request-1',
      xray_trace_id: '1-67891233-abcdef012345678912345678',
      sourceId: 'github-acme',
      eventId: 'github-acme:delivery-1',
    });
  });

  it('mark the lines of a cold start', () => {
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const [first, second] = linesPrintedBy((logger) => {
      logger.addContext(invocationContext({ requestId: 'request-1' }));
      logger.info('first');
      logger.addContext(invocationContext({ requestId: 'request-2' }));
      logger.info('second');
    });

    expect(first).toMatchObject({ message: 'first', cold_start: true });
    expect(second).toMatchObject({ message: 'second' });
    expect(second).not.toHaveProperty('cold_start');
  });

  it('carry an error with its name, message and stack', () => {
    const [line] = linesPrintedBy((logger) =>
      logger.error('ingest failed', { error: new Error('table gone') }),
    );

    expect(line).toMatchObject({
      level: 'ERROR',
      message: 'ingest failed',
      error: { name: 'Error', message: 'table gone', stack: expect.any(String) },
    });
  });
});
