// Service access for the worker, scheduled jobs and admin operations: bypasses row-level security.
// Server-only by construction (it is never imported from a client component); the worker imports
// it under Node with the `react-server` condition.
import 'server-only';
import type pg from 'pg';
import { getPool } from './pool.ts';
import type { Queryable } from './as-user.ts';

export async function asService<T>(work: (db: Queryable) => Promise<T>): Promise<T> {
  const client: pg.PoolClient = await getPool().connect();
  try {
    await client.query('begin');
    await client.query(`select set_config('role', 'service_role', true)`);
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
