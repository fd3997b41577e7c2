import { afterAll, afterEach, beforeEach, vi } from 'vitest';

/**
 * Captures what the process writes to stdout and stderr (Powertools' log and EMF lines) into the
 * returned array until `vi.restoreAllMocks()`.
 */
export function captureOutput(): string[] {
  const lines: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  }
  return lines;
}

/** The captured lines that are JSON log lines with `message`. */
export const logLinesWith = (lines: readonly string[], message: string): Record<string, unknown>[] =>
  lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === message);

/**
 * For a file whose logger was created at INFO (`vi.hoisted`, before the imports): captures each
 * test's output, and puts the level the file found back after it. Returns the current test's lines.
 */
export function outputPerTest(previousLevel: string | undefined): () => string[] {
  let lines: string[] = [];
  beforeEach(() => {
    lines = captureOutput();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(() => {
    if (previousLevel === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
    else process.env.POWERTOOLS_LOG_LEVEL = previousLevel;
  });
  return () => lines;
}
