import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelFiles } from './export.ts';

// The generated JSON Schema and data dictionary are checked in; regenerate with `tessera model export`.
describe('generated model files in docs/model', () => {
  for (const [name, body] of Object.entries(modelFiles())) {
    it(`${name} is current (run \`node bin/tessera.js model export\` if this fails)`, () => {
      expect(readFileSync(new URL(`../../docs/model/${name}`, import.meta.url), 'utf8')).toBe(body);
    });
  }
});
