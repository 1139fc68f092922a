// `npm run stack`: only the local Supabase-compatible stack, until Ctrl-C. Prints the environment
// a separately started app needs, and the superuser's URL (QF_ADMIN_DATABASE_URL) for operators.
import { startLocalStack } from './stack.ts';

const stack = await startLocalStack();
for (const [key, value] of Object.entries(stack.env)) console.log(`${key}=${value}`);
console.log(`QF_ADMIN_DATABASE_URL=${stack.adminDatabaseUrl}`);
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await stack.stop();
    process.exit(0);
  });
}
