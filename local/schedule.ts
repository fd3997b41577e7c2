export interface Schedule {
  /** No new run starts; resolves when the one under way (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * Runs `task` every `intervalMs`, first after one interval, never two at once (a slow run delays the
 * next instead of overlapping it), like a scheduled function with reserved concurrency 1.
 */
export function every(
  intervalMs: number,
  task: () => Promise<void>,
  onError: (error: unknown) => void,
): Schedule {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    timer = setTimeout(() => {
      running = task()
        .catch(onError)
        .finally(() => {
          if (!stopped) schedule();
        });
    }, intervalMs);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
