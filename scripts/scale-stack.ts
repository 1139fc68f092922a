// The throw-away embedded stack that `npm run seed:scale` fills and `npm run bench:dashboard`
// measures: its own data directory (.data/scale) and ports (QF_SCALE_PG_PORT / QF_SCALE_AUTH_PORT,
// default 61662/61661), so a developer's stack and the test stacks are left alone.
import { rm } from 'node:fs/promises';
import { localStackConfig } from '../supabase/local/config.ts';
import { startLocalStack, type LocalStack } from '../supabase/local/stack.ts';

export async function startScaleStack(options: { fresh: boolean }): Promise<LocalStack> {
  const config = localStackConfig({
    ...process.env,
    QF_DATA_DIR: '.data/scale',
    QF_PG_PORT: process.env.QF_SCALE_PG_PORT ?? '61662',
    QF_AUTH_PORT: process.env.QF_SCALE_AUTH_PORT ?? '61661',
  });
  if (options.fresh) await rm(config.dataDir, { recursive: true, force: true });
  const stack = await startLocalStack({ config, log: () => {} });
  Object.assign(process.env, stack.env);
  return stack;
}
