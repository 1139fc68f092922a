import { defineConfig } from '@playwright/test';

// The app under test runs on its own ports and a fresh data directory, so a developer's running
// instance (3000/54321/54322) is left alone.
const PORT = process.env.QF_E2E_PORT ?? '3100';
export const BASE_URL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/ },
    { name: 'chromium', dependencies: ['setup'], use: { browserName: 'chromium' } },
  ],
  webServer: {
    command: 'node scripts/start.ts --fresh',
    url: `${BASE_URL}/sign-in`,
    // The first start builds the app: about two minutes on a quiet 2-core machine, over five when loaded.
    timeout: 900_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    env: {
      PORT,
      QF_DATA_DIR: '.data/test-e2e',
      QF_PG_PORT: process.env.QF_E2E_PG_PORT ?? '55532',
      QF_AUTH_PORT: process.env.QF_E2E_AUTH_PORT ?? '55531',
      QF_SITE_URL: BASE_URL,
      QF_IGNORE_ENV_LOCAL: '1',
      // The specs sign in as the demo accounts; the server stays on loopback.
      QF_DEMO_ACCOUNTS: '1',
      HOST: '127.0.0.1',
      // The whole suite signs in from one address; the per-account limits stay at their defaults.
      QF_AUTH_RATE_LIMIT_SIGN_IN_PER_ADDRESS: '1000',
      QF_SIGN_IN_LIMIT_PER_ADDRESS: '1000',
      // e2e/webhooks.spec.ts delivers to a receiver on 127.0.0.1 (refused without this).
      QF_WEBHOOKS_ALLOW_PRIVATE: '1',
    },
  },
});
