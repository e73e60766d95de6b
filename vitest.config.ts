import { defineConfig } from 'vitest/config';

// PGlite costs ~250-700 MB per instance; two forks match the 2-core machine and keep memory sane.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
  },
});
