// Backup and restore round trip: the test database (users, calculations, sessions among the rest)
// is dumped while other test files keep writing to it, restored into a new, empty data directory,
// and after a restart every table has the dump's row count and checksum; a non-empty directory is
// refused in words, and --replace moves it aside instead of deleting it.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../supabase/tests/create-test-user.ts';
import { localStackConfig } from '../supabase/local/config.ts';
import { startPostgres } from '../supabase/local/postgres.ts';
import { loadOrCreateSecrets } from '../supabase/local/secrets.ts';
import { dumpDatabase, DumpError, restoreToDataDir, tableSummary } from './database-dump.ts';

// The restored stack's ports: QF_TEST_RESTORE_PG_PORT (and the next one for its auth server), else ten above the test stack's.
const port = Number(process.env.QF_TEST_RESTORE_PG_PORT ?? Number(process.env.QF_TEST_PG_PORT ?? 55432) + 10);
const dataDir = path.join('.data', `test-restore-${randomUUID().slice(0, 8)}`);
const config = localStackConfig({ ...process.env, QF_DATA_DIR: dataDir, QF_PG_PORT: String(port), QF_AUTH_PORT: String(port + 1) });
let tmp = '';

afterAll(async () => {
  await rm(config.dataDir, { recursive: true, force: true });
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function seed(db: pg.Client) {
  const users = await Promise.all([createTestUser({ label: 'backup-a' }), createTestUser({ label: 'backup-b', role: 'viewer' })]);
  const owner = users[0]!.id;
  const mol = await db.query<{ id: string }>(
    `insert into public.molecules (owner_id, name, geometry_hash, source_format, atom_count) values ($1, 'water', $2, 'xyz', 3) returning id`,
    [owner, randomBytes(32).toString('hex')],
  );
  for (const status of ['succeeded', 'failed', 'queued']) {
    const calc = await db.query<{ id: string }>(
      `insert into public.calculations (molecule_id, owner_id, status, method, input_xyz, input_hash, queued_at, finished_at, total_energy)
       values ($1, $2, $3, 'gfn2', E'3\\nwater\\nO 0 0 0\\nH 0 0.76 -0.47\\nH 0 -0.76 -0.47', $4, now(), case when $3 <> 'queued' then now() end, $5) returning id`,
      [mol.rows[0]!.id, owner, status, randomBytes(32).toString('hex'), status === 'succeeded' ? -5.070544440612345 : null],
    );
    // Atoms whose numbers JSON writes in another form than PostgreSQL (-5e-05, 1e-07): their arrays'
    // JSON text (calculation_atom_arrays) must come back byte for byte.
    if (status === 'succeeded') {
      await db.query(
        `insert into public.atomic_properties (calculation_id, atom_index, element, partial_charge, x, y, z, force_x, force_y, force_z)
         values ($1, 0, 'O', -0.5631457819, 0, 0, 1e-7, 0, 0, 1e-4), ($1, 1, 'H', 0.28, 0, 0.76, -0.47, 0, 0, -5e-5), ($1, 2, 'H', 0.28, 0, -0.76, -0.47, null, null, null)`,
        [calc.rows[0]!.id],
      );
    }
  }
  await db.query(
    `insert into public.user_sessions (user_id, filters, search_history) values ($1, '{"results":{"status":"failed"}}', '{benzene,"ethanol ü"}')`,
    [owner],
  );
  return users.map((u) => u.id);
}

describe('db:backup and db:restore', () => {
  it('restores a consistent dump into an empty data directory with every count and checksum equal', async () => {
    const source = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await source.connect();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'qf-backup-'));
    const file = path.join(tmp, 'backup.qfdump.gz');
    let userIds: string[];
    let summary;
    try {
      userIds = await seed(source);
      summary = await dumpDatabase(source, file);
    } finally {
      await source.end();
    }
    for (const table of [
      'auth.users',
      'public.profiles',
      'public.calculations',
      'public.user_sessions',
      'public.molecules',
      'public.calculation_atom_arrays',
    ]) {
      expect(summary[table]?.rows, table).toBeGreaterThan(0);
    }

    const restored = await restoreToDataDir(config, file);
    expect(restored.summary).toEqual(summary);
    expect(restored.movedAside).toBeNull();

    // Independently of the restore's own check: restart the restored cluster and compare again.
    const secrets = await loadOrCreateSecrets(config.dataDir);
    const server = await startPostgres({ pgDir: config.pgDir, port: config.pgPort, password: secrets.pgPassword });
    const db = new pg.Client({ connectionString: `postgres://postgres:${encodeURIComponent(secrets.pgPassword)}@127.0.0.1:${config.pgPort}/postgres` });
    await db.connect();
    try {
      for (const [table, want] of Object.entries(summary)) expect(await tableSummary(db, table), table).toEqual(want);
      const mine = await db.query<{ status: string; total_energy: number | null }>(
        'select status, total_energy from public.calculations where owner_id = $1 order by status',
        [userIds[0]],
      );
      expect(mine.rows).toEqual([
        { status: 'failed', total_energy: null },
        { status: 'queued', total_energy: null },
        { status: 'succeeded', total_energy: -5.070544440612345 },
      ]);
      const session = await db.query('select filters, search_history from public.user_sessions where user_id = $1', [userIds[0]]);
      expect(session.rows[0]).toEqual({ filters: { results: { status: 'failed' } }, search_history: ['benzene', 'ethanol ü'] });
      const roles = await db.query('select role from public.profiles where id = any($1) order by role', [userIds]);
      expect(roles.rows.map((r) => r.role)).toEqual(['researcher', 'viewer']);
    } finally {
      await db.end();
      await server.stop();
    }

    // The directory is no longer empty: refused with words, unless --replace (moved aside, not deleted).
    await expect(restoreToDataDir(config, file)).rejects.toThrow(DumpError);
    await expect(restoreToDataDir(config, file)).rejects.toThrow(/is not empty: a restore goes into an empty data directory/);
    await expect(restoreToDataDir(config, path.join(tmp, 'missing.gz'))).rejects.toThrow(/There is no backup file/);
    const again = await restoreToDataDir(config, file, { replace: true });
    expect(again.movedAside).toMatch(/postgres\.replaced-/);
    expect(existsSync(path.join(again.movedAside!, 'PG_VERSION'))).toBe(true);
  }, 600_000);
});
