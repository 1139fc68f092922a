// Next's rules (React, hooks, accessibility, Core Web Vitals) with typescript-eslint, plus the
// layering the code relies on: pages and components reach the database only through lib/ functions
// (which run under the user's row-level security), and lib/ never depends on app/.
import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

// Type-only imports are allowed: a type reaches no database.
const noDirectDatabase = {
  group: ['@/lib/db/*', '**/lib/db/*'],
  allowTypeImports: true,
  message: 'Pages and components read and write through lib/ functions (docs/architecture.md), not lib/db directly.',
};
const noAppFromLib = {
  group: ['@/app/*', '**/app/*'],
  allowTypeImports: false,
  message: 'lib/ is below app/: move what both need into lib/.',
};

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    ignores: ['.data/**', 'playwright-report/**', 'test-results/**', 'e2e/.auth/**'],
  },
  {
    rules: {
      // Unused parameters and bindings named with a leading underscore are deliberate.
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['app/**', 'components/**'],
    // Tests set up and inspect rows directly; the rule is about what pages and components ship.
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noDirectDatabase] }] },
  },
  {
    files: ['lib/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noAppFromLib] }] },
  },
];

export default config;
