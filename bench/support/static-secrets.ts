import type { SecretSource, SecretVersions } from '../../lambdas/shared/ports.js';

/** An in-memory SecretSource: the SecretCache above it behaves exactly as over Secrets Manager. */
export class StaticSecretSource implements SecretSource {
  reads = 0;

  constructor(private readonly secrets: Readonly<Record<string, string>>) {}

  async read(name: string): Promise<SecretVersions> {
    this.reads += 1;
    const signingSecret = this.secrets[name];
    if (signingSecret === undefined) throw new Error(`no secret ${name}`);
    return { current: { signingSecret } };
  }
}
