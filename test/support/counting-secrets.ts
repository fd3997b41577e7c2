import type { SecretSource, SecretVersions } from '../../lambdas/shared/ports.js';

/** A secret source that returns `versions` for every name and counts its reads (the cache's misses). */
export class CountingSecrets implements SecretSource {
  reads = 0;

  constructor(public versions: SecretVersions) {}

  async read(): Promise<SecretVersions> {
    this.reads += 1;
    return this.versions;
  }
}
