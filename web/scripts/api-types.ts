import openapiTS, { astToString } from 'openapi-typescript';
import { buildApp } from '../../src/server/app.ts';
import { openStore } from '../../src/store/index.ts';

export const SCHEMA_FILE = new URL('../src/api/schema.d.ts', import.meta.url);

/**
 * The console's API types, generated from the node's own OpenAPI document (the one served at
 * /openapi.json) by openapi-typescript. A test regenerates them and fails when the checked-in
 * file differs, so the console cannot drift from the API.
 */
export async function generateApiTypes(): Promise<string> {
  const store = await openStore({});
  try {
    const app = await buildApp({ store, logger: false });
    await app.ready();
    const doc = app.swagger() as Parameters<typeof openapiTS>[0];
    await app.close();
    const ast = await openapiTS(doc as never, { alphabetize: true });
    return '// Generated from the node\'s /openapi.json by `npm run gen:console-api`. Do not edit.\n' + astToString(ast);
  } finally {
    await store.close();
  }
}
