import { writeFileSync } from 'node:fs';
import { configJsonSchemaText, SCHEMA_FILE } from '../lambdas/shared/config/json-schema.js';

writeFileSync(SCHEMA_FILE, configJsonSchemaText());
process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
