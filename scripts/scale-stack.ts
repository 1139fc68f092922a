// The throw-away embedded stack that `npm run seed:scale` fills and `npm run bench:dashboard`
// measures: its own data directory (.data/scale) and ports (QF_SCALE_PG_PORT / QF_SCALE_AUTH_PORT,
// default 61662/61661), so a developer's stack and the test stacks are left alone.
import type { LocalStack } from '../supabase/local/stack.ts';
import { startThrowawayStack } from './throwaway-stack.ts';

export async function startScaleStack(options: { fresh: boolean }): Promise<LocalStack> {
  return startThrowawayStack({
    dataDir: '.data/scale',
    pgPort: process.env.QF_SCALE_PG_PORT ?? '61662',
    authPort: process.env.QF_SCALE_AUTH_PORT ?? '61661',
    fresh: options.fresh,
  });
}
