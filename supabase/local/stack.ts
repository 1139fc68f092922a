// The embedded, Supabase-compatible local stack: PostgreSQL with Supabase's roles and auth schema,
// the migrations and seed, and the auth server. Returns the environment the app and worker need.
import path from 'node:path';
import pg from 'pg';
import { startAuthServer } from './auth-server.ts';
import { localStackConfig, type LocalStackConfig } from './config.ts';
import { applyMigrations, applySeed } from './migrate.ts';
import { startPostgres } from './postgres.ts';
import { loadOrCreateSecrets } from './secrets.ts';
import { readFile } from 'node:fs/promises';

export interface LocalStack {
  config: LocalStackConfig;
  /** Variables for the app and worker processes (the same names hosted mode sets in .env.local). */
  env: Record<string, string>;
  stop: () => Promise<void>;
}

export async function startLocalStack(options: {
  config?: LocalStackConfig;
  seed?: boolean;
  log?: (line: string) => void;
} = {}): Promise<LocalStack> {
  const config = options.config ?? localStackConfig();
  const log = options.log ?? ((line: string) => console.log(`[stack] ${line}`));
  const secrets = await loadOrCreateSecrets(config.dataDir);
  const postgres = await startPostgres({ pgDir: config.pgDir, port: config.pgPort, password: secrets.pgPassword, log });
  const databaseUrl = `postgres://postgres:${encodeURIComponent(secrets.pgPassword)}@127.0.0.1:${config.pgPort}/postgres`;

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(await readFile(path.join(import.meta.dirname, 'bootstrap.sql'), 'utf8'));
    const { applied } = await applyMigrations(client, path.join(config.rootDir, 'supabase', 'migrations'));
    for (const file of applied) log(`applied migration ${file}`);
    if (options.seed !== false && (await applySeed(client, path.join(config.rootDir, 'supabase', 'seed.sql')))) {
      log('applied seed.sql');
    }
  } finally {
    await client.end();
  }

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  pool.on('error', (error) => log(`idle database connection closed: ${error.message}`));
  const auth = await startAuthServer({ port: config.authPort, pool, secrets, siteUrl: config.siteUrl });
  const supabaseUrl = `http://127.0.0.1:${config.authPort}`;
  log(`PostgreSQL on 127.0.0.1:${config.pgPort}, auth on ${supabaseUrl}`);

  return {
    config,
    env: {
      SUPABASE_URL: supabaseUrl,
      SUPABASE_PUBLISHABLE_KEY: secrets.publishableKey,
      SUPABASE_SECRET_KEY: secrets.secretKey,
      DATABASE_URL: databaseUrl,
      QF_ENCRYPTION_KEY: secrets.encryptionKey,
    },
    stop: async () => {
      await auth.close();
      await pool.end();
      await postgres.stop();
    },
  };
}
