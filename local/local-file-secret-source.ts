import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DependencyError } from '../lambdas/shared/errors.js';
import type { SecretSource, SecretVersions } from '../lambdas/shared/ports.js';

const entrySchema = z.looseObject({
  previous: z.string().optional(),
  rotatedAt: z.iso.datetime({ offset: true }).optional(),
});
const fileSchema = z.record(z.string(), entrySchema);

/**
 * Secrets from a JSON file keyed by secret name (docs/architecture.md#local-stack). Read on every call: the cache above it
 * decides how often, so editing the file rotates a key without a restart. `previous` and `rotatedAt`
 * play the roles of AWSPREVIOUS and AWSCURRENT's creation date.
 */
export class LocalFileSecretSource implements SecretSource {
  constructor(private readonly path: string) {}

  async read(name: string): Promise<SecretVersions> {
    let parsed: z.infer<typeof fileSchema>;
    try {
      parsed = fileSchema.parse(JSON.parse(await readFile(this.path, 'utf8')));
    } catch (cause) {
      throw new DependencyError(`local secrets file ${this.path} is unreadable`, { cause });
    }
    const entry = parsed[name];
    if (entry === undefined) throw new DependencyError(`secret ${name} is not in ${this.path}`);
    const { previous, rotatedAt, ...current } = entry;
    return {
      current,
      ...(previous === undefined ? {} : { previous: { signingSecret: previous } }),
      ...(rotatedAt === undefined ? {} : { rotatedAt: Date.parse(rotatedAt) }),
    };
  }
}
