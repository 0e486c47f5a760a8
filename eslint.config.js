// Lint: typescript-eslint's recommended type-aware rules, plus the layer rule of STYLE.md:
// src/domain is pure and imports nothing from store, http, jobs or services.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'web/dist', 'data', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'before', 'after', 'beforeEach', 'afterEach'] }],
      }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // migrations take Kysely<any> by design (they are frozen in time, independent of today's types); tests read JSON loosely
    files: ['src/store/migrations/**/*.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/store/**', '**/http/**', '**/jobs/**', '**/services/**', 'kysely', 'fastify', 'pg', 'better-sqlite3'],
          message: 'src/domain is pure: no I/O layers (STYLE.md §1).' },
      ] }],
    },
  },
);
