// Placeholder: the Supabase Auth-compatible server is being written.
import http from 'node:http';
import type pg from 'pg';
import type { LocalSecrets } from './secrets.ts';

export interface AuthServerOptions {
  port: number;
  pool: pg.Pool;
  secrets: LocalSecrets;
  siteUrl: string;
}

export async function startAuthServer(options: AuthServerOptions): Promise<{ close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(501).end();
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
