// One transaction on one pooled connection: `setup` fixes who the queries run as (role and claims,
// transaction-local), `work` runs them; any error rolls everything back.
import type pg from 'pg';
import { getPool } from './pool.ts';

export type Queryable = Pick<pg.PoolClient, 'query'>;

export async function inTransaction<T>(setup: (db: Queryable) => Promise<unknown>, work: (db: Queryable) => Promise<T>): Promise<T> {
  const client = await getPool().connect();
  try {
    await client.query('begin');
    await setup(client);
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
