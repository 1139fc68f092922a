// The schema as a whole: migrations apply exactly once, and every public table is protected by
// row-level security with policies that name their role.
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, listMigrations } from '../local/migrate.ts';

const migrationsDir = path.resolve(import.meta.dirname, '..', 'migrations');

describe('migrations', () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  it('are all recorded and a second run applies nothing', async () => {
    const files = await listMigrations(migrationsDir);
    expect(files.length).toBeGreaterThan(0);
    const { rows } = await client.query<{ version: string }>('select version from supabase_migrations.schema_migrations');
    const recorded = new Set(rows.map((r) => r.version));
    for (const file of files) expect(recorded.has(file.version), file.file).toBe(true);

    const again = await applyMigrations(client, migrationsDir);
    expect(again.applied).toEqual([]);
    expect(again.skipped).toBe(files.length);
  });

  it('enable row-level security on every public table', async () => {
    const { rows } = await client.query<{ relname: string; relrowsecurity: boolean }>(
      `select c.relname, c.relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(19);
    expect(rows.filter((r) => !r.relrowsecurity).map((r) => r.relname)).toEqual([]);
  });

  it('create the tables of the data model', async () => {
    const { rows } = await client.query<{ tablename: string }>(`select tablename from pg_tables where schemaname = 'public'`);
    const tables = new Set(rows.map((r) => r.tablename));
    for (const t of [
      'profiles',
      'organizations',
      'memberships',
      'molecules',
      'molecule_properties_computed',
      'calculations',
      'atomic_properties',
      'calculation_execution_metrics',
      'calculation_errors',
      'batch_jobs',
      'batch_items',
      'event_logs',
      'user_sessions',
      'user_preferences',
      'api_keys',
      'api_usage_logs',
      'performance_metrics',
      'user_audit_log',
      'workers',
    ]) {
      expect(tables.has(t), t).toBe(true);
    }
  });

  it('give every policy a role and never to anon or public', async () => {
    const { rows } = await client.query<{ tablename: string; policyname: string; roles: string[] }>(
      `select tablename, policyname, roles::text[] as roles from pg_policies where schemaname = 'public'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const offenders = rows.filter((r) => r.roles.length === 0 || r.roles.includes('public') || r.roles.includes('anon'));
    expect(offenders).toEqual([]);
  });

  it('leave anon without privileges on public tables and views', async () => {
    const { rows } = await client.query<{ table_name: string; privilege_type: string }>(
      `select table_name, privilege_type from information_schema.role_table_grants
       where table_schema = 'public' and grantee = 'anon'`,
    );
    expect(rows).toEqual([]);
    const sequences = await client.query<{ relname: string }>(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'S'
         and exists (select 1 from aclexplode(c.relacl) a where a.grantee = 'anon'::regrole)`,
    );
    expect(sequences.rows).toEqual([]);
  });

  it('pin search_path on every security definer function in public', async () => {
    const { rows } = await client.query<{ proname: string }>(
      `select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and p.prosecdef
         and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c = 'search_path=""')`,
    );
    expect(rows).toEqual([]);
  });

  it('index the columns policies filter on', async () => {
    // Every foreign-key / owner column named in a policy has an index whose first column it is.
    const { rows } = await client.query<{ tbl: string; col: string }>(
      `select c.relname as tbl, a.attname as col
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
       where n.nspname = 'public' and c.relkind = 'r'
         and a.attname in ('owner_id', 'user_id', 'organization_id', 'calculation_id', 'batch_id', 'molecule_id')
         and not exists (
           select 1 from pg_index i where i.indrelid = c.oid and i.indkey[0] = a.attnum
         )`,
    );
    expect(rows).toEqual([]);
  });
});
