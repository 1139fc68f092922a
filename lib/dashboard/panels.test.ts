// Each dashboard panel on rows seeded into a quiet stretch of the past (so other test files' rows
// do not count), read as the admin under RLS (the policies let admins read every row); loadPanel
// itself (service role) refuses anyone without dashboard.view. The panels that read the rollups are
// compared with the straightforward queries over the raw rows (below) on ranges with partial hours
// at both ends, within one hour, over days, before and after the deltas are folded in, and after
// rows change or go.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePool, getPool } from '../db/pool.ts';
import { asUser } from '../db/as-user.ts';
import { createTestUser, type TestUser } from '../../supabase/tests/create-test-user.ts';
import { asService } from '../db/service.ts';
import type { Queryable } from '../db/transaction.ts';
import {
  binnedPercentile,
  bucketFor,
  failures,
  loadAllPanels,
  loadPanel,
  queueState,
  rollupSpans,
  runtime,
  successRate,
  throughput,
  usage,
  workers,
  type TimeRange,
} from './panels.ts';
import { compactDashboardRollups } from './rollups.ts';

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
    // Under RLS a researcher sees none of the rollups (admins only), the admin everyone's: the same figures the service role gives.
    expect(await asUser(researcher.claims, (db) => usage(db, range))).toEqual([]);
    expect(await loadPanel({ role: 'admin' }, 'usage', range)).toEqual(await asUser(admin.claims, (db) => usage(db, range)));
    const all = await loadAllPanels({ role: 'admin' }, range);
    expect(all.success.rate).toBe(0.5);
    expect(Object.keys(all).sort()).toEqual(['failures', 'hosts', 'queue', 'runtime', 'success', 'throughput', 'usage', 'workers']);
  });
});

// The straightforward queries over the raw rows, as the panels ran before the rollups.
const reference = {
  async throughput(db: Queryable, r: TimeRange) {
    const { rows } = await db.query<{ bucket: Date; succeeded: number; failed: number }>(
      `select date_trunc($3, finished_at, 'UTC') as bucket,
              count(*) filter (where status = 'succeeded')::int as succeeded, count(*) filter (where status = 'failed')::int as failed
         from public.calculations where finished_at >= $1 and finished_at < $2 and status in ('succeeded', 'failed') group by 1 order by 1`,
      [r.from, r.to, bucketFor(r)],
    );
    return { bucket: bucketFor(r), points: rows.map((p) => ({ bucket: p.bucket.toISOString(), succeeded: p.succeeded, failed: p.failed })) };
  },
  async success(db: Queryable, r: TimeRange) {
    const { rows } = await db.query<{ succeeded: number; failed: number; cancelled: number }>(
      `select count(*) filter (where status = 'succeeded')::int as succeeded, count(*) filter (where status = 'failed')::int as failed,
              count(*) filter (where status = 'cancelled')::int as cancelled
         from public.calculations where finished_at >= $1 and finished_at < $2`,
      [r.from, r.to],
    );
    const done = rows[0]!.succeeded + rows[0]!.failed;
    return { ...rows[0]!, rate: done === 0 ? null : rows[0]!.succeeded / done };
  },
  async runtime(db: Queryable, r: TimeRange) {
    const atoms = `coalesce(m.atom_count, case when split_part(c.input_xyz, E'\\n', 1) ~ '^\\s*[0-9]{1,5}\\s*$' then btrim(split_part(c.input_xyz, E'\\n', 1))::int end)`;
    const percentiles = await db.query<{ method: string; attempts: number; p50: number; p95: number }>(
      `select c.method, count(*)::int as attempts, percentile_cont(0.5) within group (order by e.wall_time_s) as p50,
              percentile_cont(0.95) within group (order by e.wall_time_s) as p95
         from public.calculation_execution_metrics e join public.calculations c on c.id = e.calculation_id
        where e.created_at >= $1 and e.created_at < $2 and e.wall_time_s is not null group by c.method order by c.method`,
      [r.from, r.to],
    );
    const points = await db.query<{ method: string; atoms: number; wall: number }>(
      `select distinct c.method, ${atoms} as atoms, e.wall_time_s as wall
         from public.calculation_execution_metrics e join public.calculations c on c.id = e.calculation_id
         left join public.molecules m on m.id = c.molecule_id
        where e.created_at >= $1 and e.created_at < $2 and e.wall_time_s is not null and ${atoms} is not null`,
      [r.from, r.to],
    );
    return { percentiles: percentiles.rows, points: points.rows.map((p) => ({ method: p.method, atoms: p.atoms, wallSeconds: p.wall })) };
  },
  async failures(db: Queryable, r: TimeRange) {
    const bucket = bucketFor(r);
    const series = await db.query<{ bucket: Date; error_type: string; n: number }>(
      `select date_trunc($3, created_at, 'UTC') as bucket, error_type, count(*)::int as n from public.calculation_errors
        where created_at >= $1 and created_at < $2 and error_type <> 'cancelled' group by 1, 2 order by 1, 2`,
      [r.from, r.to, bucket],
    );
    const messages = await db.query<{ error_type: string; message: string; n: number }>(
      `select error_type, left(message, 300) as message, count(*)::int as n from public.calculation_errors
        where created_at >= $1 and created_at < $2 and error_type <> 'cancelled' group by 1, 2`,
      [r.from, r.to],
    );
    return { bucket, series: series.rows.map((s) => ({ bucket: s.bucket.toISOString(), type: s.error_type, n: s.n })), messages: messages.rows };
  },
  async usage(db: Queryable, r: TimeRange) {
    const { rows } = await db.query<{ user_id: string; calculations: number; succeeded: number; failed: number; cpu: number; wall: number }>(
      `with calcs as (
         select owner_id, count(*)::int as calculations, count(*) filter (where status = 'succeeded')::int as succeeded,
                count(*) filter (where status = 'failed')::int as failed
           from public.calculations where created_at >= $1 and created_at < $2 group by owner_id),
       cpu as (
         select c.owner_id, coalesce(sum(e.cpu_time_s), 0)::float8 as cpu, coalesce(sum(e.wall_time_s), 0)::float8 as wall
           from public.calculation_execution_metrics e join public.calculations c on c.id = e.calculation_id
          where e.created_at >= $1 and e.created_at < $2 group by c.owner_id)
       select coalesce(calcs.owner_id, cpu.owner_id) as user_id, coalesce(calcs.calculations, 0) as calculations,
              coalesce(calcs.succeeded, 0) as succeeded, coalesce(calcs.failed, 0) as failed, coalesce(cpu.cpu, 0) as cpu, coalesce(cpu.wall, 0) as wall
         from calcs full join cpu on cpu.owner_id = calcs.owner_id`,
      [r.from, r.to],
    );
    return rows;
  },
};

/** Numbers to 6 decimals: sums over rollups add in another order than over rows. */
const rounded = <T>(v: T): T => JSON.parse(JSON.stringify(v, (_, x: unknown) => (typeof x === 'number' ? Math.round(x * 1e6) / 1e6 : x))) as T;

/** Every fast panel against its straightforward query, in one snapshot (other files write meanwhile). */
async function expectPanelsMatchRawRows(r: TimeRange, label: string) {
  const client = await getPool().connect();
  try {
    await client.query(`begin isolation level repeatable read read only`);
    await client.query(`set local role service_role`);
    expect(rounded(await throughput(client, r)), `${label}: throughput`).toEqual(rounded(await reference.throughput(client, r)));
    expect(await successRate(client, r), `${label}: success rate`).toEqual(await reference.success(client, r));

    const fastRuntime = await runtime(client, r, 100_000);
    const rawRuntime = await reference.runtime(client, r);
    expect(
      fastRuntime.percentiles.map((p) => [p.method, p.attempts]),
      `${label}: attempts`,
    ).toEqual(rawRuntime.percentiles.map((p) => [p.method, p.attempts]));
    for (const [i, p] of fastRuntime.percentiles.entries()) {
      // Within a bin's width (2^(1/8): 9.05 %, and the millisecond floor) of percentile_cont; exact where a bin holds equal times.
      for (const q of ['p50', 'p95'] as const)
        expect(Math.abs(p[q] - rawRuntime.percentiles[i]![q]), `${label}: ${p.method} ${q}`).toBeLessThanOrEqual(
          0.0906 * rawRuntime.percentiles[i]![q] + 0.001,
        );
    }
    // One point per occupied cell at its mean: at most as many points as distinct attempts, each among them
    // when its cell holds a single distinct (atoms, time).
    const rawPoints = new Set(rawRuntime.points.map((p) => JSON.stringify(rounded(p))));
    expect(fastRuntime.points.length, `${label}: points`).toBeLessThanOrEqual(rawPoints.size);
    if (rawPoints.size > 0) expect(fastRuntime.points.length).toBeGreaterThan(0);

    const fastFailures = await failures(client, r, 1000);
    const rawFailures = await reference.failures(client, r);
    expect(
      fastFailures.series.flatMap((s) => Object.entries(s.counts).map(([type, n]) => ({ bucket: s.bucket, type, n }))),
      `${label}: failure series`,
    ).toEqual(rawFailures.series);
    const byMessage = (a: { message: string; n: number; type: string }, b: { message: string; n: number; type: string }) =>
      `${a.type}\u0000${a.message}`.localeCompare(`${b.type}\u0000${b.message}`);
    expect(
      fastFailures.types.flatMap((t) => t.topMessages.map((m) => ({ type: t.errorType, message: m.message, n: m.count }))).sort(byMessage),
      `${label}: failure messages`,
    ).toEqual(rawFailures.messages.map((m) => ({ type: m.error_type, message: m.message, n: m.n })).sort(byMessage));

    const byUser = (a: { userId: string }, b: { userId: string }) => a.userId.localeCompare(b.userId);
    expect(
      rounded(
        (await usage(client, r, 100_000))
          .map((u) => ({ userId: u.userId, calculations: u.calculations, succeeded: u.succeeded, failed: u.failed, cpu: u.cpuSeconds, wall: u.wallSeconds }))
          .sort(byUser),
      ),
      `${label}: usage`,
    ).toEqual(rounded((await reference.usage(client, r)).map(({ user_id, ...u }) => ({ userId: user_id, ...u })).sort(byUser)));
  } finally {
    await client.query('rollback');
    client.release();
  }
}

describe('dashboard rollups', () => {
  // A second quiet stretch, four hundred days after the first.
  const base2 = new Date(base.getTime() + 400 * 24 * 3600_000);
  const at2 = (hours: number) => new Date(base2.getTime() + hours * 3600_000);
  const ranges: [string, TimeRange][] = [
    ['whole hours', { from: at2(0), to: at2(6) }],
    ['partial hours at both ends', { from: at2(0.3), to: at2(2.6) }],
    ['inside one hour', { from: at2(1.25), to: at2(1.45) }],
    ['days with partial ends', { from: at2(-5 * 24 - 0.5), to: at2(4 * 24 + 0.7) }],
    ['a day and a bit', { from: at2(-0.5), to: at2(26.2) }],
  ];
  const ids: string[] = [];

  beforeAll(async () => {
    const seed = [
      { status: 'succeeded', atoms: 3, finishedAt: at2(0.1), wall: 1, cpu: 2 },
      { status: 'succeeded', atoms: 30, finishedAt: at2(0.5), wall: 9.5, cpu: 10 },
      { status: 'succeeded', method: 'gfn1', atoms: 12, finishedAt: at2(1.2), wall: 4, cpu: 4 },
      { status: 'failed', atoms: 5, finishedAt: at2(1.3), wall: 2, error: ['convergence', 'SCF did not converge'] as [string, string] },
      { status: 'failed', atoms: 6, finishedAt: at2(1.4), wall: 2.1, error: ['convergence', 'Geometry did not converge'] as [string, string] },
      { status: 'failed', atoms: 7, finishedAt: at2(2.5), error: ['timeout', 'Ran longer than the time limit'] as [string, string] },
      { status: 'cancelled', atoms: 7, finishedAt: at2(2.55) },
      { status: 'succeeded', atoms: 40, finishedAt: at2(2.99), wall: 30, cpu: 31 },
      { status: 'succeeded', atoms: 8, finishedAt: at2(7), wall: 3 },
      { status: 'succeeded', atoms: 9, finishedAt: at2(25.9), wall: 3.3 },
      { status: 'failed', atoms: 9, finishedAt: at2(-50), wall: 1, error: ['system', 'Worker lost'] as [string, string] },
      { status: 'succeeded', method: 'gfnff', atoms: 90, finishedAt: at2(-24 * 4), wall: 0.4 },
      { status: 'succeeded', atoms: 9, finishedAt: at2(24 * 4 + 0.5), wall: 5 },
    ];
    for (const [i, o] of seed.entries()) ids.push(await seedCalculation(i % 2 ? admin.id : researcher.id, o));
  });

  it('give the same figures as the raw rows, before and after the deltas are folded in', async () => {
    for (const [label, r] of ranges) await expectPanelsMatchRawRows(r, `${label}, deltas`);
    await asService(async (db) => {
      await db.query(`select public.dashboard_rollups_compact()`);
    });
    for (const [label, r] of ranges) await expectPanelsMatchRawRows(r, `${label}, folded`);
  });

  it('follow status changes and deletions, including a calculation deleted with its attempts and errors', async () => {
    const db = getPool();
    await db.query(`update public.calculations set status = 'succeeded' where id = $1`, [ids[3]]);
    await db.query(`update public.calculations set finished_at = $2 where id = $1`, [ids[2], at2(3.2)]);
    await db.query(`delete from public.calculations where id = $1`, [ids[1]]);
    await db.query(`delete from public.calculation_errors where calculation_id = $1`, [ids[4]]);
    for (const [label, r] of ranges) await expectPanelsMatchRawRows(r, `${label}, after changes`);
    await compactDashboardRollups();
    for (const [label, r] of ranges) await expectPanelsMatchRawRows(r, `${label}, after changes, folded`);
    const t = await asUser(admin.claims, (d) => throughput(d, { from: at2(0), to: at2(1) }));
    expect(t.points).toEqual([{ bucket: at2(0).toISOString(), succeeded: 1, failed: 0 }]);
  });

  it('count the current partial hour (ranges ending now) like the raw rows', async () => {
    await seedCalculation(researcher.id, { status: 'succeeded', atoms: 4, finishedAt: new Date(), wall: 0.7 });
    const now = new Date();
    for (const days of [1, 7, 30]) await expectPanelsMatchRawRows({ from: new Date(now.getTime() - days * 24 * 3600_000), to: now }, `last ${days} days`);
  });

  it('cut a range into raw edges, whole hours and whole days', () => {
    const iso = (r: TimeRange, days: boolean) => rollupSpans(r, days).map((d) => d.toISOString().slice(0, 16));
    const r = { from: new Date('2026-11-01T10:20:00Z'), to: new Date('2026-11-04T05:30:00Z') };
    expect(iso(r, true)).toEqual(['2026-11-01T10:20', '2026-11-01T11:00', '2026-11-02T00:00', '2026-11-04T00:00', '2026-11-04T05:00', '2026-11-04T05:30']);
    expect(iso(r, false)).toEqual(['2026-11-01T10:20', '2026-11-01T11:00', '2026-11-04T05:00', '2026-11-04T05:00', '2026-11-04T05:00', '2026-11-04T05:30']);
    const inside = { from: new Date('2026-11-01T10:20:00Z'), to: new Date('2026-11-01T10:50:00Z') };
    expect(new Set(iso(inside, true).slice(1))).toEqual(new Set(['2026-11-01T10:50']));
  });

  it('takes percentiles from bin means like percentile_cont', () => {
    // 1, 2, 2, 9: p50 = 2, p95 = 2 + 0.85 × 7.
    const bins = [
      { n: 1, sum: 1 },
      { n: 2, sum: 4 },
      { n: 1, sum: 9 },
    ];
    expect(binnedPercentile(bins, 0.5)).toBeCloseTo(2);
    expect(binnedPercentile(bins, 0.95)).toBeCloseTo(7.95);
  });

  it('are readable by admins only and written by nobody but the triggers', async () => {
    const count = (claims: TestUser['claims']) =>
      asUser(
        claims,
        async (db) =>
          (
            await db.query<{ n: number }>(
              `select (select count(*) from public.dashboard_rollups)::int + (select count(*) from public.dashboard_rollup_deltas)::int as n`,
            )
          ).rows[0]!.n,
      );
    expect(await count(researcher.claims)).toBe(0);
    expect(await count(admin.claims)).toBeGreaterThan(0);
    await expect(
      asUser(admin.claims, (db) => db.query(`insert into public.dashboard_rollup_deltas (kind, at, n) values ('finished', now(), 1)`)),
    ).rejects.toThrow(/permission denied/);
    await expect(asUser(admin.claims, (db) => db.query(`select public.dashboard_rollups_compact()`))).rejects.toThrow(/permission denied/);
  });
});
