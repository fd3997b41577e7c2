import { type GatewayHandler, lambdaHandler } from '../shared/lambda-handler.js';
import { METRIC } from '../shared/observability/names.js';
import { logger, metrics } from '../shared/observability/powertools.js';
import { type ReplayDeps, replay } from './replay.js';
import { parseReplayRequest, type ReplayRequest } from './replay-request.js';
import type { ReplayReport } from './report.js';
import { type SweeperDeps, sweep } from './sweeper.js';

/** Logs, counts and reports one run, whichever trigger started it. */
async function run(
  trigger: 'replay' | 'sweeper',
  started: Readonly<Record<string, unknown>>,
  work: () => Promise<ReplayReport>,
): Promise<ReplayReport> {
  logger.appendKeys({ trigger });
  try {
    logger.info('replay started', started);
    const report = await work();
    logger.info('replay finished', { report });
    metrics.addMetric(METRIC.requeued, 'Count', report.requeued);
    return report;
  } catch (error) {
    logger.error('replay failed', { error });
    throw error;
  }
}

/** The console test event (or CLI argument) → report; a malformed event throws before anything runs. */
export function createReplayHandler(deps: ReplayDeps): GatewayHandler<unknown, ReplayReport> {
  return lambdaHandler(async (event, context) => {
    let request: ReplayRequest;
    try {
      request = parseReplayRequest(event);
    } catch (error) {
      logger.warn('replay request rejected', { error });
      throw error;
    }
    return run('replay', { request }, () => replay(request, deps, context.getRemainingTimeInMillis()));
  });
}

/** The scheduled sweep: requeues stranded RECEIVED records; the schedule's event carries nothing. */
export function createSweeperHandler(deps: SweeperDeps): GatewayHandler<unknown, ReplayReport> {
  return lambdaHandler(async (_event, context) =>
    run('sweeper', {}, () => sweep(deps, context.getRemainingTimeInMillis())),
  );
}
