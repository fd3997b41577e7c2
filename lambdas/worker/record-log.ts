import { logger } from '../shared/observability/powertools.js';

type Keys = Record<string, unknown>;

/**
 * One record's log lines: the shared logger with the record's keys on each line. Records of other
 * message groups log at the same time, so the keys cannot live on the logger itself, and a child
 * logger per record costs more CPU than the record's own work.
 */
export class RecordLog {
  private readonly keys: Keys;

  constructor(keys: Keys) {
    this.keys = { ...keys };
  }

  append(keys: Keys): void {
    Object.assign(this.keys, keys);
  }

  info(message: string, extra: Keys = {}): void {
    logger.info(message, { ...this.keys, ...extra });
  }

  warn(message: string, extra: Keys = {}): void {
    logger.warn(message, { ...this.keys, ...extra });
  }

  error(message: string, extra: Keys = {}): void {
    logger.error(message, { ...this.keys, ...extra });
  }
}
