import { z } from 'zod';
import { gatewayConfigSchema } from './schema.js';

export const SCHEMA_FILE = 'gateway.config.schema.json';

/** The JSON Schema editors use to autocomplete gateway.config.json, generated from the zod schema. */
export function configJsonSchemaText(): string {
  const schema = z.toJSONSchema(gatewayConfigSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ title: 'webhook-gateway configuration', ...schema }, null, 2)}\n`;
}
