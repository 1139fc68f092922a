// The backup format behind `npm run db:backup` / `npm run db:restore`.
//
// The embedded PostgreSQL package ships only initdb, pg_ctl and postgres — no pg_dump — and
// Debian's pg_dump (15) refuses a newer server (18). So the backup is a logical dump written here:
// every row of the app's tables (schemas public and auth, and the queue's jobs, queues and schedules
// in pgboss), read in ONE repeatable-read, read-only transaction (one snapshot: the dump is
// consistent however long it takes), streamed through gzip as JSON lines:
//   {"kind":"header", format, createdAt, serverVersion, migrations: [...]}
//   {"kind":"table", "name":"public.calculations", "columns":[...]}   then one {"r":{...}} per row
//   {"kind":"sequences", "values":{...}}
//   {"kind":"end", "tables":{"public.calculations":{"rows":N,"checksum":"…"}, …}}
// The schema is not in the file: a restore builds it from the same migrations (the header lists
// them and a restore refuses a dump from migrations it does not have), then loads the rows with
// triggers and foreign-key checks off (every row is consistent by construction) and checks each
// table's row count and checksum against the end record.
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import readline from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import type pg from 'pg';
import { PgBoss } from 'pg-boss';
import type { LocalStackConfig } from '../supabase/local/config.ts';
import { startPostgres, type PostgresHandle } from '../supabase/local/postgres.ts';
import { loadOrCreateSecrets } from '../supabase/local/secrets.ts';
import { startLocalStack } from '../supabase/local/stack.ts';

export const DUMP_FORMAT = 'quantum-forge-dump/1';
const SCHEMAS = ['public', 'auth'];
const QUEUE_TABLES = ['pgboss.queue', 'pgboss.schedule', 'pgboss.job'];
const FETCH_ROWS = 1000;

export interface TableSummary {
  rows: number;
  checksum: string;
}
export type DumpSummary = Record<string, TableSummary>;

type Client = Pick<pg.Client, 'query'>;

/** Ordinary and partitioned tables (not partitions: their parent reads their rows) the dump holds. */
export async function dumpedTables(db: Client): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `select format('%I.%I', n.nspname, c.relname) as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and not c.relispartition
        and (n.nspname = any($1) or format('%I.%I', n.nspname, c.relname) = any($2))
      order by 1`,
    [SCHEMAS, QUEUE_TABLES],
  );
  return rows.map((r) => r.name);
}

/** Stored columns a row is restored with (generated columns are computed again). */
async function columnsOf(db: Client, table: string): Promise<string[]> {
  const { rows } = await db.query<{ attname: string }>(
    `select attname from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped and attgenerated = '' order by attnum`,
    [table],
  );
  return rows.map((r) => r.attname);
}

/** Row count and an order-independent checksum of every row's text form. */
export async function tableSummary(db: Client, table: string): Promise<TableSummary> {
  const { rows } = await db.query<{ n: string; checksum: string | null }>(
    `select count(*) as n, md5(coalesce(string_agg(h, '' order by h), '')) as checksum from (select md5(t::text) as h from ${table} t) s`,
  );
  return { rows: Number(rows[0]!.n), checksum: rows[0]!.checksum ?? '' };
}

async function appliedMigrations(db: Client): Promise<string[]> {
  const { rows } = await db.query<{ version: string }>('select version from supabase_migrations.schema_migrations order by version');
  return rows.map((r) => r.version);
}

/** Writes the dump of the database `db` is connected to (as a superuser) into `file`. */
export async function dumpDatabase(db: Client, file: string): Promise<DumpSummary> {
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 }); // the dump holds password hashes and keys' hashes
  gzip.pipe(out);
  const write = async (record: unknown) => {
    if (!gzip.write(`${JSON.stringify(record)}\n`)) await once(gzip, 'drain');
  };
  const summary: DumpSummary = {};
  await db.query('begin isolation level repeatable read, read only');
  try {
    const server = await db.query<{ v: string }>('show server_version');
    await write({
      kind: 'header',
      format: DUMP_FORMAT,
      createdAt: new Date().toISOString(),
      serverVersion: server.rows[0]!.v,
      migrations: await appliedMigrations(db),
    });
    for (const table of await dumpedTables(db)) {
      const columns = await columnsOf(db, table);
      await write({ kind: 'table', name: table, columns });
      // row_to_json writes every value with its type's own text form (exact for floats and timestamps).
      await db.query(
        `declare qf_dump no scroll cursor for select row_to_json(b) as r from (select ${columns.map((c) => `"${c}"`).join(', ')} from ${table}) b`,
      );
      for (;;) {
        const { rows } = await db.query<{ r: Record<string, unknown> }>(`fetch ${FETCH_ROWS} from qf_dump`);
        for (const row of rows) await write({ r: row.r });
        if (rows.length < FETCH_ROWS) break;
      }
      await db.query('close qf_dump');
      summary[table] = await tableSummary(db, table);
    }
    const sequences = await db.query<{ name: string; last_value: string | null }>(
      `select format('%I.%I', schemaname, sequencename) as name, last_value from pg_sequences where schemaname = any($1) or schemaname = 'pgboss'`,
      [SCHEMAS],
    );
    await write({ kind: 'sequences', values: Object.fromEntries(sequences.rows.map((s) => [s.name, s.last_value])) });
    await write({ kind: 'end', tables: summary });
  } finally {
    await db.query('rollback');
  }
  gzip.end();
  await once(out, 'close');
  return summary;
}

export class DumpError extends Error {}

async function* records(file: string): AsyncGenerator<Record<string, unknown>> {
  const lines = readline.createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield JSON.parse(line) as Record<string, unknown>;
}

/**
 * Loads a dump into the database `db` is connected to (as a superuser), whose schema the same
 * migrations built: the dumped tables are emptied first, then filled, then every table's count and
 * checksum is compared with the dump's. Throws DumpError with words for an operator.
 */
export async function restoreDatabase(db: Client, file: string, options: { log?: (line: string) => void } = {}): Promise<DumpSummary> {
  const log = options.log ?? (() => {});
  let expected: DumpSummary | null = null;
  let table: string | null = null;
  let columns: string[] = [];
  let batch: unknown[] = [];
  const flush = async () => {
    if (!table || batch.length === 0) return;
    const list = columns.map((c) => `"${c}"`).join(', ');
    await db.query(`insert into ${table} (${list}) overriding system value select ${list} from json_populate_recordset(null::${table}, $1::json)`, [
      JSON.stringify(batch),
    ]);
    batch = [];
  };

  await db.query('begin');
  try {
    // This transaction only: no triggers (fair-use limits, timestamps), no foreign-key checks.
    await db.query('set local session_replication_role = replica');
    let first = true;
    for await (const record of records(file)) {
      if (first) {
        first = false;
        if (record.kind !== 'header' || record.format !== DUMP_FORMAT)
          throw new DumpError(`${file} is not a Quantum Forge backup (made by npm run db:backup).`);
        const have = new Set(await appliedMigrations(db));
        const missing = (record.migrations as string[]).filter((v) => !have.has(v));
        if (missing.length) {
          throw new DumpError(`This backup comes from a newer Quantum Forge: migrations ${missing.join(', ')} are not in this checkout. Update it first.`);
        }
        const tables = await dumpedTables(db);
        await db.query(`truncate ${tables.join(', ')} cascade`);
        continue;
      }
      if ('r' in record) {
        batch.push(record.r);
        if (batch.length >= FETCH_ROWS) await flush();
      } else if (record.kind === 'table') {
        await flush();
        table = String(record.name);
        columns = record.columns as string[];
        log(`restoring ${table}`);
      } else if (record.kind === 'sequences') {
        await flush();
        for (const [name, value] of Object.entries(record.values as Record<string, string | null>)) {
          if (value !== null) await db.query('select setval($1::regclass, $2::bigint, true)', [name, value]);
        }
      } else if (record.kind === 'end') {
        expected = record.tables as DumpSummary;
      }
    }
    if (first) throw new DumpError(`${file} is empty.`);
    if (!expected) throw new DumpError(`${file} is cut short (no end record): the backup did not finish. Nothing was restored.`);
    const mismatched: string[] = [];
    for (const [name, want] of Object.entries(expected)) {
      const got = await tableSummary(db, name);
      if (got.rows !== want.rows || got.checksum !== want.checksum) mismatched.push(`${name} (${got.rows} rows, backup had ${want.rows})`);
    }
    if (mismatched.length) throw new DumpError(`The restored data does not match the backup in ${mismatched.join(', ')}. Nothing was restored.`);
    await db.query('commit');
    return expected;
  } catch (error) {
    await db.query('rollback').catch(() => {});
    throw error;
  }
}

// ---- The local stack's side: which database, started or not, and the empty data directory. ----

/** Whether a PostgreSQL answers at this address (a running `npm start`). */
export async function databaseAnswers(url: string): Promise<boolean> {
  const { default: pgModule } = await import('pg');
  const client = new pgModule.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Backs up the local stack's database into `file`: through the running server when `npm start` is
 * up (the snapshot keeps it consistent while the app writes), else by starting PostgreSQL on the
 * data directory for the length of the dump.
 */
export async function backupLocalDatabase(config: LocalStackConfig, file: string, log: (line: string) => void = () => {}): Promise<DumpSummary> {
  if (!existsSync(path.join(config.pgDir, 'PG_VERSION'))) throw new DumpError(`There is no local database in ${config.pgDir} to back up.`);
  const secrets = await loadOrCreateSecrets(config.dataDir);
  const url = `postgres://postgres:${encodeURIComponent(secrets.pgPassword)}@127.0.0.1:${config.pgPort}/postgres`;
  let server: PostgresHandle | null = null;
  if (!(await databaseAnswers(url))) {
    log(`starting PostgreSQL on ${config.pgDir} for the backup`);
    server = await startPostgres({ pgDir: config.pgDir, port: config.pgPort, password: secrets.pgPassword, log });
  }
  const { default: pgModule } = await import('pg');
  const client = new pgModule.Client({ connectionString: url });
  await client.connect();
  try {
    await mkdir(path.dirname(file), { recursive: true });
    return await dumpDatabase(client, file);
  } catch (error) {
    await rm(file, { force: true }); // never leave half a backup that looks like one
    throw error;
  } finally {
    await client.end();
    await server?.stop();
  }
}

/**
 * Restores `file` into the stack's data directory, which must be empty or absent; `replace` moves a
 * non-empty one aside (to `<dir>.replaced-<time>`) first. Builds the schema with the migrations and
 * the queue's tables as `npm start` would, loads the rows, checks them, and stops again.
 */
export async function restoreToDataDir(
  config: LocalStackConfig,
  file: string,
  options: { replace?: boolean; log?: (line: string) => void } = {},
): Promise<{ summary: DumpSummary; movedAside: string | null }> {
  const log = options.log ?? (() => {});
  if (!existsSync(file)) throw new DumpError(`There is no backup file ${file}.`);
  let movedAside: string | null = null;
  const entries = existsSync(config.pgDir) ? await readdir(config.pgDir) : [];
  if (entries.length > 0) {
    if (!options.replace) {
      throw new DumpError(
        `${config.pgDir} is not empty: a restore goes into an empty data directory. Stop the app and run again with --replace ` +
          `to keep the current one aside, or choose another QF_DATA_DIR.`,
      );
    }
    const secrets = await loadOrCreateSecrets(config.dataDir);
    if (await databaseAnswers(`postgres://postgres:${encodeURIComponent(secrets.pgPassword)}@127.0.0.1:${config.pgPort}/postgres`)) {
      throw new DumpError(`The database on port ${config.pgPort} is running: stop the app (npm start) before restoring over it.`);
    }
    movedAside = `${config.pgDir}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(config.pgDir, movedAside);
    log(`moved the current data directory to ${movedAside}`);
  }
  const stack = await startLocalStack({ config, log });
  try {
    // The queue's tables come from pg-boss itself (as at the first worker start), then get the dump's rows.
    const boss = new PgBoss({ connectionString: stack.env.DATABASE_URL, schema: 'pgboss', createSchema: false, supervise: false, schedule: false });
    await boss.start();
    await boss.stop({ graceful: false, close: true });
    const { default: pgModule } = await import('pg');
    const client = new pgModule.Client({ connectionString: stack.adminDatabaseUrl });
    await client.connect();
    try {
      return { summary: await restoreDatabase(client, file, { log }), movedAside };
    } finally {
      await client.end();
    }
  } finally {
    await stack.stop();
  }
}
