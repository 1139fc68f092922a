// The embedded, Supabase-compatible local stack: PostgreSQL with Supabase's roles and auth schema,
// the migrations, optionally the demo accounts, and the auth server. Returns the environment the
// app and worker need.
import path from 'node:path';
import pg from 'pg';
import { startAuthServer } from './auth-server.ts';
import { localStackConfig, type LocalStackConfig } from './config.ts';
import { DEMO_EMAILS } from './exposure.ts';
import { applyMigrations, applySeed } from './migrate.ts';
import { startPostgres } from './postgres.ts';
import { loadOrCreateSecrets } from './secrets.ts';
import { readFile } from 'node:fs/promises';

export interface LocalStack {
  config: LocalStackConfig;
  /** Variables for the app and worker processes (the same names hosted mode sets in .env.local). */
  env: Record<string, string>;
  /** The superuser's connection: migrations, test set-up and operator scripts, never the app. */
  adminDatabaseUrl: string;
  stop: () => Promise<void>;
  /** Stops and starts PostgreSQL alone (the auth server and clients reconnect): for restart tests. */
  restartPostgres: () => Promise<void>;
}

const APP_ROLE = 'quantum_forge_app';

export async function startLocalStack(
  options: {
    config?: LocalStackConfig;
    /** Create the demo accounts (published password): only on request, never beyond loopback. */
    demo?: boolean;
    /**
     * The app will listen beyond loopback: demo accounts are refused, and a database that has them
     * already (from an earlier `--demo` start) is refused too.
     */
    exposed?: boolean;
    log?: (line: string) => void;
  } = {},
): Promise<LocalStack> {
  const config = options.config ?? localStackConfig();
  const log = options.log ?? ((line: string) => console.log(`[stack] ${line}`));
  if (options.demo && options.exposed) throw new Error('demo accounts are refused when the app listens beyond loopback');
  const secrets = await loadOrCreateSecrets(config.dataDir);
  const startDatabase = () => startPostgres({ pgDir: config.pgDir, port: config.pgPort, password: secrets.pgPassword, log });
  let postgres = await startDatabase();
  const adminDatabaseUrl = `postgres://postgres:${encodeURIComponent(secrets.pgPassword)}@127.0.0.1:${config.pgPort}/postgres`;
  const databaseUrl = `postgres://${APP_ROLE}:${encodeURIComponent(secrets.appDbPassword)}@127.0.0.1:${config.pgPort}/postgres`;

  const client = new pg.Client({ connectionString: adminDatabaseUrl });
  await client.connect();
  try {
    await client.query(await readFile(path.join(import.meta.dirname, 'bootstrap.sql'), 'utf8'));
    // Passwords cannot be bind parameters; this one is base64url (no quotes), escaped all the same.
    await client.query(`alter role ${APP_ROLE} password '${secrets.appDbPassword.replaceAll("'", "''")}'`);
    const { applied } = await applyMigrations(client, path.join(config.rootDir, 'supabase', 'migrations'));
    for (const file of applied) log(`applied migration ${file}`);
    if (options.demo && (await applySeed(client, path.join(import.meta.dirname, 'demo-accounts.sql')))) {
      log('created the demo accounts (password in README.md)');
    }
    if (options.exposed) {
      const { rowCount } = await client.query('select 1 from auth.users where lower(email) = any($1::text[])', [DEMO_EMAILS]);
      if (rowCount) {
        throw new Error(
          'this database has the demo accounts (published password) and the app would listen beyond loopback: ' +
            'delete them (or the data directory) first, or keep HOST on 127.0.0.1',
        );
      }
    }
  } catch (error) {
    await client.end().catch(() => {});
    await postgres.stop().catch(() => {});
    throw error;
  }
  await client.end();

  const pool = new pg.Pool({ connectionString: adminDatabaseUrl, max: 10 });
  pool.on('error', (error) => log(`idle database connection closed: ${error.message}`));
  const auth = await startAuthServer({ port: config.authPort, pool, secrets, siteUrl: config.siteUrl });
  const supabaseUrl = `http://127.0.0.1:${config.authPort}`;
  log(`PostgreSQL on 127.0.0.1:${config.pgPort}, auth on ${supabaseUrl}`);

  return {
    config,
    adminDatabaseUrl,
    env: {
      SUPABASE_URL: supabaseUrl,
      SUPABASE_PUBLISHABLE_KEY: secrets.publishableKey,
      SUPABASE_SECRET_KEY: secrets.secretKey,
      DATABASE_URL: databaseUrl,
      QF_ENCRYPTION_KEY: secrets.encryptionKey,
      // Only the local stack has a mail page; the app names it where it says a mail was "sent".
      QF_LOCAL_MAIL_URL: `${supabaseUrl}/mail`,
    },
    stop: async () => {
      await auth.close();
      await pool.end();
      await postgres.stop();
    },
    restartPostgres: async () => {
      await postgres.stop();
      postgres = await startDatabase();
    },
  };
}
