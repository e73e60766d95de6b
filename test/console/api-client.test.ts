import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE, generateApiTypes } from '../../web/scripts/api-types.ts';

describe('console API client', () => {
  it('is generated from the node\'s current OpenAPI document (run `npm run gen:console-api` after changing routes)', async () => {
    const fresh = await generateApiTypes();
    const checkedIn = readFileSync(SCHEMA_FILE, 'utf8');
    // A focused message: which paths appeared or went away, before the full comparison.
    const paths = (s: string) => new Set([...s.matchAll(/^ {4}"(\/[^"]+)": \{/gm)].map((m) => m[1]));
    const now = paths(fresh);
    const was = paths(checkedIn);
    expect({ added: [...now].filter((p) => !was.has(p)), removed: [...was].filter((p) => !now.has(p)) }).toEqual({ added: [], removed: [] });
    expect(checkedIn === fresh, 'web/src/api/schema.d.ts differs from the node\'s OpenAPI document: run npm run gen:console-api').toBe(true);
  }, 120_000);
});
