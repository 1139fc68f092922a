import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('local stack database', () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  it('has Supabase roles and auth helpers that tolerate an empty claims setting', async () => {
    const roles = await client.query(`select rolname from pg_roles where rolname in ('anon','authenticated','service_role') order by 1`);
    expect(roles.rows.map((r) => r.rolname)).toEqual(['anon', 'authenticated', 'service_role']);
    await client.query('begin');
    await client.query(`select set_config('request.jwt.claims', '', true)`);
    const empty = await client.query('select auth.uid() as uid, auth.role() as role');
    expect(empty.rows[0]).toEqual({ uid: null, role: null });
    const sub = '4b0a4d2e-2b8e-4f6c-9d0e-1b2c3d4e5f60';
    await client.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub, role: 'authenticated' })]);
    const set = await client.query('select auth.uid() as uid, auth.role() as role, auth.jwt() ->> $1 as s', ['sub']);
    expect(set.rows[0]).toEqual({ uid: sub, role: 'authenticated', s: sub });
    await client.query('rollback');
  });
});
