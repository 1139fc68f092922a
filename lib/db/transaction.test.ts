// A connection lost while a client is checked out of the pool (PostgreSQL restarted under a running
// worker) must fail that client's query, not end the process with an unhandled 'error' event: CI saw
// workers die this way in the many-workers test.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { checkOut, transaction } from './transaction.ts';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
pool.on('error', () => {});
const admin = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
afterAll(async () => {
  await pool.end();
  await admin.end();
});

const terminate = (pid: number) => admin.query('select pg_terminate_backend($1)', [pid]);

describe('a pooled client whose connection is lost', () => {
  it('fails its transaction with the error, the process and the pool carry on', async () => {
    let pid = 0;
    const lost = transaction(pool, async (db) => {
      pid = (await db.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      await terminate(pid);
      // The server is gone by now; this client's next query fails.
      await db.query('select pg_sleep(0.2)');
    });
    // Which error depends on timing: the server's "terminating connection", a dropped socket, or the
    // client already marked broken. Any of them fails the transaction; none may end the process.
    await expect(lost).rejects.toThrow();
    // Give the socket's 'error' event its turn: without a listener it would be thrown here.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(pid).toBeGreaterThan(0);
    await expect(transaction(pool, async (db) => (await db.query('select 1 as one')).rows[0])).resolves.toEqual({ one: 1 });
  });

  it('held between queries (an export cursor), its error waits for the next query', async () => {
    const client = await checkOut(pool);
    const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    await terminate(pid);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(client.query('select 1')).rejects.toThrow();
    client.release(true);
    await expect(pool.query('select 2 as two')).resolves.toMatchObject({ rows: [{ two: 2 }] });
  });
});
