// The one PostgreSQL pool of a server process, for every query the app and the worker make. pg-boss
// (lib/jobs/queue.ts) and the worker's LISTEN connection (lib/jobs/worker.ts) open their own
// connections from the same DATABASE_URL.
import pg from 'pg';

// numeric and bigint come back as strings by default; quantities here fit in a double.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

const globalForPool = globalThis as unknown as { __qfPool?: pg.Pool };

export function getPool(): pg.Pool {
  if (!globalForPool.__qfPool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error('DATABASE_URL is not set');
    globalForPool.__qfPool = new pg.Pool({
      connectionString,
      max: Number(process.env.QF_DB_POOL_SIZE ?? 10),
      idleTimeoutMillis: 30_000,
    });
    // An idle connection that the server closes (restart, shutdown) must not crash the process.
    globalForPool.__qfPool.on('error', (error) => console.error('[db] idle connection error:', error.message));
  }
  return globalForPool.__qfPool;
}

export async function closePool(): Promise<void> {
  await globalForPool.__qfPool?.end();
  globalForPool.__qfPool = undefined;
}
