import '../local/process-env.js';
import { createReplayHandler } from '../lambdas/replay/create-handler.js';
import { buildReplayDeps } from '../lambdas/replay/deps.js';
import { localClients } from '../local/aws-clients.js';
import { findCliTarget } from '../local/cli-target.js';
import { invocationContext } from '../local/invocation-context.js';
import { LocalFileSecretSource } from '../local/local-file-secret-source.js';

// `npm run replay -- '<json>'`: the replay function, run against the running local stack's queues
// and table, with the console test event given as JSON. Prints the report as JSON on stdout.
const REPLAY_TIME_LIMIT_MS = 15 * 60_000;

let event: unknown;
try {
  event = JSON.parse(process.argv[2] ?? '{}');
} catch {
  process.stderr.write(
    `not JSON: ${process.argv[2]}\nusage: npm run replay -- '{"from":"dlq","dryRun":true}'\n`,
  );
  process.exit(2);
}

try {
  const target = await findCliTarget();
  const { info } = target;
  const clients = localClients({ dynamodb: info.dynamodbEndpoint, sqs: info.sqsEndpoint });
  const replay = createReplayHandler(
    buildReplayDeps({
      config: target.config,
      dynamodb: clients.dynamodb,
      sqs: clients.sqs,
      secrets: new LocalFileSecretSource(target.secretsFile),
      tableName: info.tableName,
      queueUrl: info.queueUrl,
      deadLetterQueueUrl: info.deadLetterQueueUrl,
      clock: Date.now,
    }),
  );
  const report = await replay(
    event,
    invocationContext({ functionName: 'webhook-gateway-replay', timeoutMs: REPLAY_TIME_LIMIT_MS }),
  );
  // One line: the last line of stdout parses as JSON even after the banner `npm run` prints.
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exit(0);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
