// Retention against the real database: rows past their limit go, recent rows stay, calculations
// stay whatever their age, and a backlog larger than one chunk is deleted in several chunks.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePool, getPool } from '../db/pool.ts';
import { createTestUser, type TestUser } from '../../supabase/tests/create-test-user.ts';
import { runRetention } from '../jobs/maintenance.ts';
import { purgeExpiredRecords, retentionPolicy } from './retention.ts';

let oldSession: TestUser;
let liveSession: TestUser;
const tag = randomUUID();
const day = 24 * 3600_000;
const ago = (days: number) => new Date(Date.now() - days * day);

beforeAll(async () => {
  [oldSession, liveSession] = await Promise.all([createTestUser({ label: 'retention-old' }), createTestUser({ label: 'retention-live' })]);
});
afterAll(async () => {
  await closePool();
});

async function seed() {
  const db = getPool();
  await db.query(`insert into public.user_sessions (user_id, last_activity, expires_at) values ($1, $2, $3), ($4, $5, $6)`, [
    oldSession.id,
    ago(8),
    ago(1),
    liveSession.id,
    ago(1),
    new Date(Date.now() + 6 * day),
  ]);
  for (const [days, name] of [
    [91, 'old'],
    [89, 'recent'],
  ] as const) {
    await db.query(`insert into public.performance_metrics (metric_type, metric_name, value, tags, recorded_at) values ('test', $1, 1, $2, $3)`, [
      name,
      { tag },
      ago(days),
    ]);
    await db.query(
      `insert into public.performance_metric_rollups (metric_type, metric_name, host, bucket, samples, total, peak) values ('test', $1, $2, $3, 1, 1, 1)`,
      [name, tag, ago(days)],
    );
    await db.query(`insert into public.api_usage_logs (endpoint, method, status_code, response_time_ms, created_at) values ($1, 'GET', 200, 1, $2)`, [
      `/retention/${tag}/${name}`,
      ago(days),
    ]);
  }
  for (const [days, name] of [
    [366, 'old'],
    [364, 'recent'],
  ] as const) {
    await db.query(`insert into public.user_audit_log (action, entity_type, entity_id, created_at) values ('retention.test', $1, $2, $3)`, [
      tag,
      name,
      ago(days),
    ]);
  }
  const mol = await db.query<{ id: string }>(
    `insert into public.molecules (owner_id, name, geometry_hash, source_format, atom_count) values ($1, 'ancient', $2, 'xyz', 1) returning id`,
    [liveSession.id, randomBytes(32).toString('hex')],
  );
  const calc = await db.query<{ id: string }>(
    `insert into public.calculations (molecule_id, owner_id, status, method, input_xyz, input_hash, queued_at, started_at, finished_at, created_at)
     values ($1, $2, 'succeeded', 'gfn2', E'1\\nancient\\nH 0 0 0', $3, $4, $4, $4, $4) returning id`,
    [mol.rows[0]!.id, liveSession.id, randomBytes(32).toString('hex'), ago(3 * 365)],
  );
  return calc.rows[0]!.id;
}

const names = async (sql: string, params: unknown[]) => (await getPool().query<{ name: string }>(sql, params)).rows.map((r) => r.name).sort();

describe('retention', () => {
  it('has the documented defaults and reads the environment', () => {
    expect(retentionPolicy({})).toEqual({ sessionDays: 7, metricsDays: 90, usageLogDays: 90, auditDays: 365, chunkSize: 5000 });
    expect(retentionPolicy({ QF_RETENTION_METRICS_DAYS: '30', QF_RETENTION_AUDIT_DAYS: 'nonsense' })).toMatchObject({ metricsDays: 30, auditDays: 365 });
  });

  it('deletes rows past their limit, keeps recent ones and every calculation', async () => {
    const calculationId = await seed();
    const report = await runRetention();
    expect(report.deleted.user_sessions).toBeGreaterThanOrEqual(1);
    expect(report.deleted.performance_metrics).toBeGreaterThanOrEqual(1);

    const sessions = await getPool().query<{ user_id: string }>('select user_id from public.user_sessions where user_id = any($1)', [
      [oldSession.id, liveSession.id],
    ]);
    expect(sessions.rows.map((r) => r.user_id)).toEqual([liveSession.id]);
    expect(await names(`select metric_name as name from public.performance_metrics where tags->>'tag' = $1`, [tag])).toEqual(['recent']);
    expect(await names(`select metric_name as name from public.performance_metric_rollups where host = $1`, [tag])).toEqual(['recent']);
    expect(await names(`select split_part(endpoint, '/', 4) as name from public.api_usage_logs where endpoint like $1`, [`/retention/${tag}/%`])).toEqual([
      'recent',
    ]);
    expect(await names(`select entity_id as name from public.user_audit_log where entity_type = $1`, [tag])).toEqual(['recent']);
    const kept = await getPool().query('select 1 from public.calculations where id = $1', [calculationId]);
    expect(kept.rowCount).toBe(1);
  });

  it('works through a backlog in bounded chunks', async () => {
    const chunkTag = randomUUID();
    await getPool().query(
      `insert into public.performance_metrics (metric_type, metric_name, value, tags, recorded_at)
       select 'test', 'backlog', g, jsonb_build_object('tag', $1::text), now() - interval '200 days' from generate_series(1, 25) g`,
      [chunkTag],
    );
    const report = await purgeExpiredRecords({ ...retentionPolicy({}), chunkSize: 10 });
    // 25 rows at 10 a chunk: at least three chunks for this table alone.
    expect(report.deleted.performance_metrics).toBeGreaterThanOrEqual(25);
    expect(report.chunks).toBeGreaterThanOrEqual(3 + 4);
    const left = await getPool().query(`select 1 from public.performance_metrics where tags->>'tag' = $1`, [chunkTag]);
    expect(left.rowCount).toBe(0);
  });
});
