import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SCHEMA_FILE, generateApiTypes } from './api-types.ts';

// `npm run gen:console-api`: rewrite web/src/api/schema.d.ts from the node's OpenAPI document.
const text = await generateApiTypes();
writeFileSync(SCHEMA_FILE, text);
process.stdout.write(`wrote ${fileURLToPath(SCHEMA_FILE)} (${text.length} characters)\n`);
