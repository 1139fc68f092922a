import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // Tests are server code: the marker that keeps server modules out of client bundles is empty here.
      'server-only': path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js'),
    },
  },
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', '.next/**', '.data/**', 'e2e/**'],
    globalSetup: ['supabase/tests/global-setup.ts'],
    testTimeout: 60_000,
    // On CI a failed test runs once more, as Playwright's do; the outcome reporter names every test that
    // needed it, so a flaky test is seen, not hidden.
    retry: process.env.CI ? 1 : 0,
    reporters: ['default', './scripts/vitest-outcome-reporter.ts'],
    hookTimeout: 120_000,
    // Integration tests share one database; files run in parallel but each makes its own users.
    pool: 'forks',
    maxWorkers: 2,
    server: { deps: { inline: [] } },
  },
});
