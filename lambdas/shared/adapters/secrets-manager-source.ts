import {
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { DependencyError } from '../errors.js';
import type { SecretSource, SecretVersions } from '../ports.js';
import { parseSecretJson } from './secret-json.js';

/**
 * Reads AWSCURRENT and, when it exists, AWSPREVIOUS. AWSCURRENT's CreatedDate is the rotation time
 * the window is measured from (docs/architecture.md#configuration-and-secrets).
 */
export class SecretsManagerSource implements SecretSource {
  constructor(private readonly client: SecretsManagerClient) {}

  async read(name: string): Promise<SecretVersions> {
    const [current, previous] = await Promise.all([
      this.version(name, 'AWSCURRENT'),
      this.version(name, 'AWSPREVIOUS'),
    ]);
    if (current === undefined) throw new DependencyError(`secret ${name} has no current version`);
    return {
      current: parseSecretJson(name, current.SecretString),
      ...(previous === undefined ? {} : { previous: parseSecretJson(name, previous.SecretString) }),
      ...(current.CreatedDate === undefined ? {} : { rotatedAt: current.CreatedDate.getTime() }),
    };
  }

  private async version(name: string, stage: string): Promise<GetSecretValueCommandOutput | undefined> {
    try {
      return await this.client.send(new GetSecretValueCommand({ SecretId: name, VersionStage: stage }));
    } catch (error) {
      // AWSPREVIOUS exists only after a second version.
      if (stage === 'AWSPREVIOUS' && error instanceof ResourceNotFoundException) return undefined;
      throw new DependencyError(`Secrets Manager GetSecretValue(${stage}) failed`, { cause: error });
    }
  }
}
