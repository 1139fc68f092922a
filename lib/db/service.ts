// Service access for the worker, scheduled jobs and admin operations: bypasses row-level security.
// Server-only by construction (it is never imported from a client component); the worker imports
// it under Node with the `react-server` condition.
import 'server-only';
import { getPool } from './pool.ts';
import { transaction, type Queryable } from './transaction.ts';

export function asService<T>(work: (db: Queryable) => Promise<T>): Promise<T> {
  return transaction(getPool(), async (db) => {
    await db.query(`select set_config('role', 'service_role', true)`);
    return work(db);
  });
}
