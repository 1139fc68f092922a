// One transaction on one pooled connection; any error rolls everything back. Used by the app's
// data-access layer and by the local auth server (which has its own pool).
import type pg from 'pg';

export type Queryable = Pick<pg.PoolClient, 'query'>;

export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
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
