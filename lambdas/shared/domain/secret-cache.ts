import type { Clock, SecretSource, SecretVersions } from '../ports.js';

export const SECRET_CACHE_TTL_MS = 5 * 60 * 1000;
/** A forced refresh (after a signature miss) happens at most this often per secret. */
export const SECRET_REFRESH_INTERVAL_MS = 30 * 1000;

interface Entry {
  readonly versions: SecretVersions;
  readonly fetchedAt: number;
}

/**
 * Keeps secrets in memory for at most five minutes. `refresh` re-reads a secret at once, but no more
 * often than every 30 s, so a flood of forged requests cannot turn into a flood of Secrets Manager calls.
 */
export class SecretCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<SecretVersions>>();

  constructor(
    private readonly source: SecretSource,
    private readonly clock: Clock,
  ) {}

  async get(name: string): Promise<SecretVersions> {
    const entry = this.entries.get(name);
    if (entry !== undefined && this.clock() - entry.fetchedAt < SECRET_CACHE_TTL_MS) return entry.versions;
    return this.load(name);
  }

  /** Re-reads the secret unless it was read within the refresh interval; true when it did. */
  async refresh(name: string): Promise<boolean> {
    const entry = this.entries.get(name);
    if (entry !== undefined && this.clock() - entry.fetchedAt < SECRET_REFRESH_INTERVAL_MS) return false;
    await this.load(name);
    return true;
  }

  private load(name: string): Promise<SecretVersions> {
    const running = this.inflight.get(name);
    if (running !== undefined) return running;
    const loading = this.source
      .read(name)
      .then((versions) => {
        this.entries.set(name, { versions, fetchedAt: this.clock() });
        return versions;
      })
      .finally(() => this.inflight.delete(name));
    this.inflight.set(name, loading);
    return loading;
  }
}
