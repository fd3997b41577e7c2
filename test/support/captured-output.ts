import { vi } from 'vitest';

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
