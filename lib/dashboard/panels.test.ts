// Each dashboard panel on rows seeded into a quiet stretch of the past (so other test files' rows
// do not count), read as the admin under RLS (the policies let admins read every row); loadPanel
// itself (service role) refuses anyone without dashboard.view.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePool, getPool } from '../db/pool.ts';
import { asUser } from '../db/as-user.ts';
import { createTestUser, type TestUser } from '../../supabase/tests/create-test-user.ts';
import { failures, loadAllPanels, loadPanel, queueState, runtime, successRate, throughput, usage, workers } from './panels.ts';

// A random hour-aligned start somewhere in 2001–2010 per run: parallel runs never overlap.
const base = new Date(Date.UTC(2001, 0, 1) + Math.floor(Math.random() * 80_000) * 3600_000);
const at = (hours: number) => new Date(base.getTime() + hours * 3600_000);
const range = { from: base, to: at(6) };
let admin: TestUser;
let researcher: TestUser;

async function seedCalculation(
  owner: string,
  o: { status: string; method?: string; atoms: number; finishedAt: Date; wall?: number; cpu?: number; error?: [string, string] },
) {
  const db = getPool();
  const mol = await db.query<{ id: string }>(
    `insert into public.molecules (owner_id, name, geometry_hash, source_format, atom_count) values ($1, 'seed', $2, 'xyz', $3) returning id`,
    [owner, randomBytes(32).toString('hex'), o.atoms],
  );
  const xyz = `${o.atoms}\nseed\n` + Array.from({ length: o.atoms }, (_, i) => `H 0 0 ${i}`).join('\n');
  const calc = await db.query<{ id: string }>(
    `insert into public.calculations (molecule_id, owner_id, status, method, input_xyz, input_hash, queued_at, started_at, finished_at, created_at)
     values ($1, $2, $3, $4, $5, $6, $7::timestamptz - interval '1 minute', $7::timestamptz - interval '30 seconds', $7::timestamptz, $7::timestamptz - interval '1 minute') returning id`,
    [mol.rows[0]!.id, owner, o.status, o.method ?? 'gfn2', xyz, randomBytes(32).toString('hex'), o.finishedAt],
  );
  const id = calc.rows[0]!.id;
  if (o.wall !== undefined) {
    await db.query(`insert into public.calculation_execution_metrics (calculation_id, wall_time_s, cpu_time_s, created_at) values ($1, $2, $3, $4)`, [
      id,
      o.wall,
      o.cpu ?? o.wall,
      o.finishedAt,
    ]);
  }
  if (o.error) {
    await db.query(`insert into public.calculation_errors (calculation_id, error_type, message, created_at) values ($1, $2, $3, $4)`, [
      id,
      o.error[0],
      o.error[1],
      o.finishedAt,
    ]);
  }
  return id;
}

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', label: 'dash-admin' });
  researcher = await createTestUser({ role: 'researcher', label: 'dash-researcher' });
  // Hour 0: two successes (gfn2, 3 and 30 atoms); hour 1: one success (gfn1), two failures; hour 2: a timeout.
  await seedCalculation(researcher.id, { status: 'succeeded', atoms: 3, finishedAt: at(0.1), wall: 1, cpu: 2 });
  await seedCalculation(researcher.id, { status: 'succeeded', atoms: 30, finishedAt: at(0.5), wall: 9, cpu: 10 });
  await seedCalculation(admin.id, { status: 'succeeded', method: 'gfn1', atoms: 12, finishedAt: at(1.2), wall: 4, cpu: 4 });
  await seedCalculation(researcher.id, { status: 'failed', atoms: 5, finishedAt: at(1.3), wall: 2, error: ['convergence', 'SCF did not converge'] });
  await seedCalculation(researcher.id, { status: 'failed', atoms: 5, finishedAt: at(1.4), wall: 2, error: ['convergence', 'SCF did not converge'] });
  await seedCalculation(admin.id, { status: 'failed', atoms: 7, finishedAt: at(2.5), error: ['timeout', 'Ran longer than the time limit'] });
  // Outside the range: must not count.
  await seedCalculation(researcher.id, { status: 'succeeded', atoms: 3, finishedAt: at(7), wall: 100 });
});

afterAll(async () => {
  await closePool();
});

describe('dashboard panels', () => {
  it('counts calculations finished per hour, succeeded and failed', async () => {
    const t = await asUser(admin.claims, (db) => throughput(db, range));
    expect(t.bucket).toBe('hour');
    expect(t.points).toEqual([
      { bucket: at(0).toISOString(), succeeded: 2, failed: 0 },
      { bucket: at(1).toISOString(), succeeded: 1, failed: 2 },
      { bucket: at(2).toISOString(), succeeded: 0, failed: 1 },
    ]);
  });

  it('gives the success rate of finished calculations', async () => {
    const s = await asUser(admin.claims, (db) => successRate(db, range));
    expect(s).toEqual({ succeeded: 3, failed: 3, cancelled: 0, rate: 0.5 });
    expect((await asUser(admin.claims, (db) => successRate(db, { from: at(100), to: at(101) }))).rate).toBeNull();
  });

  it('gives runtime percentiles per method and wall time against atom count', async () => {
    const r = await asUser(admin.claims, (db) => runtime(db, range));
    const gfn2 = r.percentiles.find((p) => p.method === 'gfn2')!;
    expect(gfn2.attempts).toBe(4); // walls 1, 9, 2, 2
    expect(gfn2.p50).toBeCloseTo(2);
    expect(gfn2.p95).toBeCloseTo(9 - 0.15 * 7 * 1); // linear interpolation between 2 and 9 at 0.85 of the last step
    expect(r.percentiles.find((p) => p.method === 'gfn1')).toMatchObject({ attempts: 1, p50: 4, p95: 4 });
    expect(r.points).toContainEqual({ method: 'gfn2', atoms: 30, wallSeconds: 9 });
    expect(r.points.some((p) => p.wallSeconds === 100)).toBe(false);
  });

  it('groups failures by error type over time with their top messages', async () => {
    const f = await asUser(admin.claims, (db) => failures(db, range));
    expect(f.series).toEqual([
      { bucket: at(1).toISOString(), counts: { convergence: 2 } },
      { bucket: at(2).toISOString(), counts: { timeout: 1 } },
    ]);
    expect(f.types).toEqual([
      { errorType: 'convergence', count: 2, topMessages: [{ message: 'SCF did not converge', count: 2 }] },
      { errorType: 'timeout', count: 1, topMessages: [{ message: 'Ran longer than the time limit', count: 1 }] },
    ]);
  });

  it('sums calculations and CPU time per user', async () => {
    const u = await asUser(admin.claims, (db) => usage(db, range));
    expect(u).toEqual([
      { userId: researcher.id, user: researcher.email, calculations: 4, succeeded: 2, failed: 2, cpuSeconds: 16, wallSeconds: 14 },
      { userId: admin.id, user: admin.email, calculations: 2, succeeded: 1, failed: 1, cpuSeconds: 4, wallSeconds: 4 },
    ]);
  });

  it('marks a worker dead once it is silent longer than its heartbeat window, and says since when', async () => {
    const host = `dash-${randomBytes(4).toString('hex')}`;
    const now = Date.now();
    await getPool().query(
      `insert into public.workers (host, pid, concurrency, jobs_running, xtb_version, methods_available, status, metadata, started_at, last_seen_at) values
         ($1, 1, 2, 1, '6.5.1', '{gfn2,gfn1}', 'running', '{"heartbeat_seconds": 60}', $2, $3),
         ($1, 2, 1, 0, '6.5.1', '{gfn2}', 'running', '{}', $2, $4),
         ($1, 3, 1, 0, '6.5.1', '{gfn2}', 'stopped', '{}', $2, $5)`,
      [host, new Date(now - 3600_000), new Date(now - 5_000), new Date(now - 600_000), new Date(now - 900_000)],
    );
    const list = (await asUser(admin.claims, (db) => workers(db, { from: new Date(now - 3600_000), to: new Date(now + 1000) }))).filter((w) => w.host === host);
    const live = list.find((w) => w.jobsRunning === 1)!;
    expect(live).toMatchObject({ concurrency: 2, xtbVersion: '6.5.1', methods: ['gfn2', 'gfn1'], heartbeatWindowSeconds: 60, dead: false, deadSince: null });
    const silent = list.find((w) => w.status === 'running' && w.jobsRunning === 0)!;
    expect(silent.dead).toBe(true);
    expect(new Date(silent.deadSince!).getTime()).toBe(new Date(silent.lastSeenAt).getTime() + 90_000);
    expect(list.find((w) => w.status === 'stopped')).toMatchObject({ dead: false });
    expect(list).toHaveLength(3);
    // The dead one is listed first.
    expect(list[0]!.dead).toBe(true);
  });

  it('reports the queue depth and how long the oldest queued calculation has waited', async () => {
    const q = await asUser(admin.claims, (db) => queueState(db));
    expect(q.queued).toBeGreaterThanOrEqual(0);
    if (q.queued > 0) expect(q.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
    else expect(q.oldestQueuedAt).toBeNull();
  });

  it('loads panels only for a user with dashboard.view; the queries read every row the admin policies allow', async () => {
    await expect(loadPanel({ role: 'researcher' }, 'usage', range)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(loadAllPanels({ role: 'viewer' }, range)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Under RLS a researcher sees only their own rows, the admin everyone's: the same figures the service role gives.
    expect((await asUser(researcher.claims, (db) => usage(db, range))).map((r) => r.userId)).toEqual([researcher.id]);
    expect(await loadPanel({ role: 'admin' }, 'usage', range)).toEqual(await asUser(admin.claims, (db) => usage(db, range)));
    const all = await loadAllPanels({ role: 'admin' }, range);
    expect(all.success.rate).toBe(0.5);
    expect(Object.keys(all).sort()).toEqual(['failures', 'hosts', 'queue', 'runtime', 'success', 'throughput', 'usage', 'workers']);
  });
});
