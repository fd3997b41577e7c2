import { fork } from 'node:child_process';
const base = { POWERTOOLS_SERVICE_NAME: 'webhook-gateway', POWERTOOLS_METRICS_NAMESPACE: 'WebhookGateway', AWS_REGION: 'us-east-1', AWS_LAMBDA_FUNCTION_NAME: 'webhook-gateway-ingest', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512', _X_AMZN_TRACE_ID: 'Root=1-67a1b2c3-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=1', POWERTOOLS_LOG_LEVEL: 'INFO', POWERTOOLS_METRICS_DISABLED: 'false' };
const combos: Record<string, Record<string, string>> = { prod: {}, noopStdout: { NOOP_STDOUT: '1' }, silent: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' } };
for (let round = 0; round < 2; round++)
for (const [name, extra] of Object.entries(combos)) {
  const env = { ...process.env, ...base, ...extra };
  const res: any = await new Promise((resolve) => {
    const child = fork('bench/cpu/child.ts', [JSON.stringify({ scenario: 'ingest', bodyBytes: 1024, warmupEvents: 2000, rounds: 5, eventsPerRound: 3000 })], { execArgv: ['--import', 'tsx', '--import', '/tmp/noop-stdout.mjs', '--expose-gc'], env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.on('message', resolve);
  });
  console.log(name.padEnd(12), (res.micros / res.events).toFixed(1), 'µs/event');
}
