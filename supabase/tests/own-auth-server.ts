// An auth server of a test file's own (any free port, its own settings and log) on the shared test
// database and keys: for limits and behaviour the shared test stack's server does not have.
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { startAuthServer } from '../local/auth-server.ts';
import type { AuthSettings } from '../local/auth/settings.ts';
import { loadOrCreateSecrets, type LocalSecrets } from '../local/secrets.ts';

export interface OwnAuthServer {
  pool: pg.Pool;
  secrets: LocalSecrets;
  /** http://127.0.0.1:<port>, without /auth/v1. */
  url: string;
}

/** Starts the server before the file's tests and stops it (and the pool) after them. */
export function ownAuthServer(options: { siteUrl: string; settings: Partial<AuthSettings>; log?: (line: string) => void }): OwnAuthServer {
  const own = { pool: new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 }) } as OwnAuthServer;
  let server: Awaited<ReturnType<typeof startAuthServer>> | undefined;
  beforeAll(async () => {
    own.secrets = await loadOrCreateSecrets(path.resolve(import.meta.dirname, '..', '..', process.env.QF_DATA_DIR_UNDER_TEST!));
    server = await startAuthServer({
      port: 0,
      pool: own.pool,
      secrets: own.secrets,
      siteUrl: options.siteUrl,
      settings: options.settings,
      log: options.log ?? (() => {}),
    });
    own.url = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server?.close();
    await own.pool.end();
  });
  return own;
}
