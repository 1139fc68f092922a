// A throw-away embedded stack for the benchmarks, the load test and the scale seed: its own data
// directory (emptied first unless `fresh: false`) and ports, so a developer's stack and the test
// stacks are left alone. `asSuperuser` points DATABASE_URL at the stack's owner, for scripts that
// create users straight in auth.users, which the app's least-privilege login may not write; their
// user queries still run as `authenticated` under row-level security.
import { rm } from 'node:fs/promises';
import { localStackConfig } from '../supabase/local/config.ts';
import { startLocalStack, type LocalStack } from '../supabase/local/stack.ts';

export async function startThrowawayStack(options: {
  dataDir: string;
  pgPort: string;
  authPort: string;
  fresh?: boolean;
  asSuperuser?: boolean;
}): Promise<LocalStack> {
  const config = localStackConfig({ ...process.env, QF_DATA_DIR: options.dataDir, QF_PG_PORT: options.pgPort, QF_AUTH_PORT: options.authPort });
  if (options.fresh !== false) await rm(config.dataDir, { recursive: true, force: true });
  const stack = await startLocalStack({ config, log: () => {} });
  Object.assign(process.env, stack.env, options.asSuperuser ? { DATABASE_URL: stack.adminDatabaseUrl } : {});
  return stack;
}
