// Starts a throw-away local stack (fresh data directory, its own ports) for the whole test run and
// hands its environment to the test processes.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { localStackConfig } from '../local/config.ts';
import { startLocalStack, type LocalStack } from '../local/stack.ts';

let stack: LocalStack | undefined;

export async function setup(): Promise<void> {
  if (process.env.QF_TEST_EXTERNAL_STACK === '1') return; // scripts/test.ts started one already
  const config = localStackConfig({
    ...process.env,
    QF_DATA_DIR: process.env.QF_TEST_DATA_DIR ?? '.data/test-unit',
    QF_PG_PORT: process.env.QF_TEST_PG_PORT ?? '55432',
    QF_AUTH_PORT: process.env.QF_TEST_AUTH_PORT ?? '55431',
  });
  await rm(config.dataDir, { recursive: true, force: true });
  // The demo accounts: some tests use them (a loopback-only, throw-away stack). Test set-up writes
  // where the app's login may not (auth.users), so tests connect as the superuser; the app's own
  // login is QF_APP_DATABASE_URL (least-privilege.test.ts).
  stack = await startLocalStack({ config, demo: true, log: () => {} });
  Object.assign(process.env, stack.env, { DATABASE_URL: stack.adminDatabaseUrl, QF_APP_DATABASE_URL: stack.env.DATABASE_URL });
  process.env.QF_DATA_DIR_UNDER_TEST = path.relative(config.rootDir, config.dataDir);
}

export async function teardown(): Promise<void> {
  await stack?.stop();
}
