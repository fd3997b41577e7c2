import type { SecretVersions } from '../shared/ports.js';
import type { SigningKey } from './signatures/types.js';

const signingSecretOf = (value: Readonly<Record<string, unknown>> | undefined): string | undefined => {
  const secret = value?.signingSecret;
  // An empty key would let anyone sign: treat it as no key at all.
  return typeof secret === 'string' && secret.length > 0 ? secret : undefined;
};

/**
 * The keys a signature may match: the current one, and the previous one while
 * `now < rotatedAt + rotationWindowHours` (docs/architecture.md#configuration-and-secrets). Without a known rotation time the previous key
 * is not trusted.
 */
export function activeSigningKeys(
  versions: SecretVersions,
  rotationWindowHours: number,
  nowMs: number,
): SigningKey[] {
  const keys: SigningKey[] = [];
  const current = signingSecretOf(versions.current);
  if (current !== undefined) keys.push({ id: 'current', secret: current });
  const previous = signingSecretOf(versions.previous);
  const windowEnd =
    versions.rotatedAt === undefined ? undefined : versions.rotatedAt + rotationWindowHours * 3_600_000;
  if (previous !== undefined && previous !== current && windowEnd !== undefined && nowMs < windowEnd) {
    keys.push({ id: 'previous', secret: previous });
  }
  return keys;
}
