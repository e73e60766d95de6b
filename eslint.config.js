// One lint config for the whole repository.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/dist/**', 'coverage/**', '.tessera/**', 'bench/.scratch/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/server/**', '**/cli/**'], message: 'Domain modules must not import server/ or cli/.' }],
      }],
    },
  },
  {
    files: ['src/server/**', 'src/cli/**', 'test/**', 'bench/**', 'web/scripts/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The console runs in the browser and talks to the node only through its HTTP API.
    files: ['web/src/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/../src/**', '**/../../src/**', 'node:*'], message: 'The console uses the public API (web/src/api), never the node\'s modules.' }] }],
    },
  },
);
