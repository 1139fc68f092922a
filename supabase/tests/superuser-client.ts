// The set-up database test files share: a superuser connection for arranging and inspecting rows
// behind row-level security's back, opened before the file's tests (then `setUp` runs, to create
// the test users) and closed after them together with the app's pool.
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { closePool } from '../../lib/db/pool.ts';

export function useSuperuserClient(setUp?: () => Promise<void>): pg.Client {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  beforeAll(async () => {
    await client.connect();
    await setUp?.();
  });
  afterAll(async () => {
    await client.end();
    await closePool();
  });
  return client;
}
