// Applies supabase/migrations/*.sql in file-name order, each exactly once, recording it in
// supabase_migrations.schema_migrations as the Supabase CLI does, so a hosted project can receive the
// same files with `supabase db push`. Each file runs in its own transaction with its record.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';

const MIGRATION_FILE = /^(\d{14})_([a-z0-9_]+)\.sql$/;

export interface MigrationResult {
  applied: string[];
  skipped: number;
}

export async function listMigrations(dir: string): Promise<{ version: string; name: string; file: string }[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations = files.map((file) => {
    const match = MIGRATION_FILE.exec(file);
    if (!match) throw new Error(`migration file name must be YYYYMMDDHHMMSS_name.sql: ${file}`);
    return { version: match[1]!, name: match[2]!, file: path.join(dir, file) };
  });
  // The version is the key the runner (and the Supabase CLI) records: two files with one version
  // would silently skip the second on databases that already have the first.
  const seen = new Map<string, string>();
  for (const m of migrations) {
    const other = seen.get(m.version);
    if (other) throw new Error(`two migrations share version ${m.version}: ${path.basename(other)} and ${path.basename(m.file)}`);
    seen.set(m.version, m.file);
  }
  return migrations;
}

export async function applyMigrations(client: pg.Client | pg.PoolClient, dir: string): Promise<MigrationResult> {
  const migrations = await listMigrations(dir);
  const { rows } = await client.query<{ version: string }>('select version from supabase_migrations.schema_migrations');
  const done = new Set(rows.map((r) => r.version));
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    const sql = await readFile(m.file, 'utf8');
    await client.query('begin');
    try {
      await client.query(sql);
      await client.query('insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)', [m.version, m.name, [sql]]);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw new Error(`migration ${path.basename(m.file)} failed: ${(error as Error).message}`);
    }
    applied.push(path.basename(m.file));
  }
  return { applied, skipped: migrations.length - applied.length };
}

/** Runs a seed file once (recorded under its file name, like `supabase db reset` seeding a fresh database). */
export async function applySeed(client: pg.Client | pg.PoolClient, file: string): Promise<boolean> {
  const name = path.basename(file);
  let sql: string;
  try {
    sql = await readFile(file, 'utf8');
  } catch {
    return false;
  }
  const hash = createHash('sha256').update(sql).digest('hex');
  const { rowCount } = await client.query('select 1 from supabase_migrations.seed_files where path = $1', [name]);
  if (rowCount) return false;
  await client.query('begin');
  try {
    await client.query(sql);
    await client.query('insert into supabase_migrations.seed_files (path, hash) values ($1, $2)', [name, hash]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw new Error(`${name} failed: ${(error as Error).message}`);
  }
  return true;
}
