import '../local/process-env.js';
import { ConfigError } from '../lambdas/shared/errors.js';
import { readLocalSettings } from '../local/settings.js';
import { startLocalStack } from '../local/stack.js';

// `npm start`: the whole gateway on this machine. Ctrl-C (SIGINT) or SIGTERM stops it cleanly.

const print = (line: string) => process.stdout.write(`${line}\n`);

try {
  const stack = await startLocalStack(readLocalSettings(), print);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    print(`${signal}: stopping`);
    stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  process.stderr.write(
    `${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
