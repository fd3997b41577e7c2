import { readFileSync } from 'node:fs';
import { z } from 'zod';

const fileSchema = z.record(
  z.string(),
  z.looseObject({ signingSecret: z.string().optional(), token: z.string().optional() }),
);

/** One field of one secret from the local secrets file (docs/architecture.md#local-stack); a clear error when absent. */
export function readLocalSecret(path: string, name: string, field: 'signingSecret' | 'token'): string {
  const secrets = fileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  const value = secrets[name]?.[field];
  if (value === undefined || value === '') throw new Error(`${path} has no ${field} for ${name}`);
  return value;
}
