// The app and the worker connect as `quantum_forge_app`: no superuser, no rights of its own; it can
// become anon, authenticated or service_role and nothing else. Migrations keep the superuser.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let app: pg.Client;
const admin = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });

beforeAll(async () => {
  app = new pg.Client({ connectionString: process.env.QF_APP_DATABASE_URL });
  await app.connect();
});
afterAll(async () => {
  await app.end();
  await admin.end();
});

async function refused(sql: string): Promise<string> {
  await app.query('begin');
  try {
    await app.query(sql);
    return 'allowed';
  } catch (error) {
    return (error as { code?: string }).code ?? 'error';
  } finally {
    await app.query('rollback');
  }
}

describe('the app login', () => {
  it('is the dedicated role, not a superuser, and starts as service_role', async () => {
    expect(process.env.QF_APP_DATABASE_URL).toMatch(/^postgres:\/\/quantum_forge_app:/);
    const { rows } = await app.query(
      `select session_user, current_user, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls, r.rolinherit
         from pg_roles r where r.rolname = session_user`,
    );
    expect(rows[0]).toEqual({
      session_user: 'quantum_forge_app',
      current_user: 'service_role',
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolbypassrls: false,
      rolinherit: false,
    });
  });

  it('can become authenticated, service_role and anon, and reset to service_role', async () => {
    await app.query('begin');
    for (const role of ['authenticated', 'anon', 'service_role']) {
      await app.query(`select set_config('role', $1, true)`, [role]);
      expect((await app.query('select current_user as u')).rows[0].u).toBe(role);
    }
    await app.query(`select set_config('role', 'authenticated', true)`);
    await app.query('reset role');
    expect((await app.query('select current_user as u')).rows[0].u).toBe('service_role');
    await app.query('rollback');
  });

  it('cannot become the superuser or act beyond those roles', async () => {
    expect(await refused('set role postgres')).toBe('42501');
    expect(await refused('create table public.not_yours (id int)')).toBe('42501');
    expect(await refused('create schema not_yours')).toBe('42501');
    expect(await refused('create role not_yours')).toBe('42501');
    // Password hashes stay with the auth server.
    expect(await refused('select encrypted_password from auth.users limit 1')).toBe('42501');
    expect(await refused(`set role none; select 1 from public.profiles limit 1`)).toBe('42501');
  });
});

describe('the queue schema', () => {
  it('belongs to service_role, even when an earlier superuser installed objects in it', async () => {
    await admin.query('create table if not exists pgboss.left_by_superuser (id int)');
    await admin.query(await readFile(path.resolve(import.meta.dirname, '..', 'local', 'bootstrap.sql'), 'utf8'));
    const { rows } = await admin.query(
      `select c.relname, c.relowner::regrole::text as owner from pg_class c
        where c.relnamespace = 'pgboss'::regnamespace and c.relkind in ('r', 'p') and c.relowner <> 'service_role'::regrole`,
    );
    expect(rows).toEqual([]);
    await admin.query('drop table pgboss.left_by_superuser');
  });
});
