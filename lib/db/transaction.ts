// One transaction on one pooled connection; any error rolls everything back. Used by the app's
// data-access layer and by the local auth server (which has its own pool).
import type pg from 'pg';

export type Queryable = Pick<pg.PoolClient, 'query'>;

const ignoreLostConnection = () => {};

/**
 * A client from the pool, safe to hold while the database goes away. The pool listens for errors
 * only on idle clients: a connection lost while a client is checked out (a PostgreSQL restart) would
 * be an unhandled 'error' event that ends the process. The query in flight fails with the same
 * error, which its caller handles; `release` gives the client back (a broken one is discarded).
 */
export async function checkOut(pool: pg.Pool): Promise<pg.PoolClient> {
  const client = await pool.connect();
  client.on('error', ignoreLostConnection);
  const release = client.release.bind(client);
  client.release = (error?: Error | boolean) => {
    client.removeListener('error', ignoreLostConnection);
    release(error);
  };
  return client;
}

export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await checkOut(pool);
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
