// The worker's host sampler against the real database: each sample is one set of rows with sane
// values (percentages within 0-100, memory within the machine's), tagged with host and worker;
// samples follow the configured period; the dashboard's hosts panel reads them back bucketed.
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { closePool, getPool } from '../db/pool.ts';
import { hosts } from '../dashboard/panels.ts';
import { asUser } from '../db/as-user.ts';
import { createTestUser, type TestUser } from '../../supabase/tests/create-test-user.ts';
import { HOST_METRICS, recordHostSample, samplePeriodSeconds, startHostSampler } from './host-sampler.ts';

afterAll(async () => {
  await closePool();
});

const rowsFor = async (workerId: string) =>
  (
    await getPool().query<{ metric_name: string; value: number; unit: string | null; host: string }>(
      `select metric_name, value, unit, tags->>'host' as host from public.performance_metrics where metric_type = 'host' and tags->>'worker_id' = $1 order by id`,
      [workerId],
    )
  ).rows;

describe('host sampler', () => {
  it('writes one row per metric with sane values', async () => {
    const workerId = randomUUID();
    const host = `sampler-${workerId.slice(0, 8)}`;
    const sampler = startHostSampler({ host, workerId, queueDepth: async () => 7, jobsRunning: () => 2, periodSeconds: 0 });
    // Some CPU work between two samples so the CPU share has something to measure.
    await sampler.sample();
    let x = 0;
    for (let i = 0; i < 2e6; i++) x += Math.sqrt(i);
    expect(x).toBeGreaterThan(0);
    const values = await sampler.sample();
    sampler.stop();

    const rows = await rowsFor(workerId);
    expect(rows).toHaveLength(2 * Object.keys(HOST_METRICS).length);
    expect(new Set(rows.map((r) => r.host))).toEqual(new Set([host]));
    const last = Object.fromEntries(rows.slice(-Object.keys(HOST_METRICS).length).map((r) => [r.metric_name, r]));
    expect(last.queue_depth).toMatchObject({ value: 7, unit: 'jobs' });
    expect(last.jobs_running).toMatchObject({ value: 2, unit: 'jobs' });
    expect(last.cpu_percent!.value).toBeGreaterThanOrEqual(0);
    expect(last.cpu_percent!.value).toBeLessThanOrEqual(100);
    expect(last.memory_percent!.value).toBeGreaterThan(0);
    expect(last.memory_percent!.value).toBeLessThanOrEqual(100);
    expect(last.memory_used_bytes!.value).toBeLessThanOrEqual(os.totalmem());
    expect(last.worker_rss_bytes!.value).toBeGreaterThan(10 * 1024 * 1024);
    expect(last.load_1m!.value).toBeGreaterThanOrEqual(0);
    expect(values.cpu_percent).toBe(last.cpu_percent!.value);
  });

  it('samples on its period and stops when told', async () => {
    const workerId = randomUUID();
    const sampler = startHostSampler({ host: 'period-test', workerId, queueDepth: async () => 0, jobsRunning: () => 0, periodSeconds: 0.2 });
    await expect.poll(async () => (await rowsFor(workerId)).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2 * 7);
    sampler.stop();
    const settled = (await rowsFor(workerId)).length;
    await new Promise((resolve) => setTimeout(resolve, 600)); // three periods: nothing more arrives once stopped
    expect((await rowsFor(workerId)).length).toBeLessThanOrEqual(settled + 7); // at most one sample already in flight
  });

  it('reads the period from the environment, 60 s by default, 0 turning it off', () => {
    expect(samplePeriodSeconds({})).toBe(60);
    expect(samplePeriodSeconds({ QF_METRICS_SAMPLE_SECONDS: '15' })).toBe(15);
    expect(samplePeriodSeconds({ QF_METRICS_SAMPLE_SECONDS: '0' })).toBe(0);
    expect(samplePeriodSeconds({ QF_METRICS_SAMPLE_SECONDS: 'often' })).toBe(60);
  });

  it('feeds the dashboard hosts panel from samples (short ranges) and rollups (a day or more), admins only', async () => {
    const host = `panel-${randomUUID().slice(0, 8)}`;
    // Samples in one quiet past hour: minute 1 at 10 % CPU and 4 queued, minute 2 at 30 % and 9, minute 20 at 50 % and 1.
    const base = new Date(Date.UTC(2003, 0, 1) + Math.floor(Math.random() * 8000) * 3600_000);
    const minute = (m: number) => new Date(base.getTime() + m * 60_000);
    for (const [m, cpu, queue] of [
      [1, 10, 4],
      [2, 30, 9],
      [20, 50, 1],
    ] as const) {
      await recordHostSample(getPool(), { host, workerId: randomUUID(), values: { cpu_percent: cpu, queue_depth: queue }, at: minute(m) });
    }
    const point = (m: number, cpu: number, queue: number) => ({
      bucket: minute(m).toISOString(),
      cpuPercent: cpu,
      queueDepth: queue,
      jobsRunning: null,
      memoryPercent: null,
    });

    const hour = await hosts(getPool(), { from: base, to: minute(60) });
    expect(hour.bucketSeconds).toBe(60);
    expect(hour.hosts.find((h) => h.host === host)?.points).toEqual([point(1, 10, 4), point(2, 30, 9), point(20, 50, 1)]);

    const day = await hosts(getPool(), { from: base, to: minute(24 * 60) });
    expect(day.bucketSeconds).toBe(900);
    expect(day.hosts.find((h) => h.host === host)?.points).toEqual([point(0, 20, 9), point(15, 50, 1)]);

    const rollups = await getPool().query(
      'select bucket, samples, total, peak from public.performance_metric_rollups where host = $1 and metric_name = $2 order by bucket',
      [host, 'cpu_percent'],
    );
    expect(rollups.rows).toEqual([
      { bucket: minute(0), samples: 2, total: 40, peak: 30 },
      { bucket: minute(15), samples: 1, total: 50, peak: 50 },
    ]);

    // Row-level security: an admin reads samples and rollups, a researcher neither.
    const [admin, researcher] = await Promise.all([createTestUser({ role: 'admin', label: 'metrics-admin' }), createTestUser({ label: 'metrics-researcher' })]);
    const visible = (claims: TestUser['claims']) =>
      asUser(claims, async (db) => [
        (await db.query(`select 1 from public.performance_metrics where tags->>'host' = $1`, [host])).rowCount,
        (await db.query('select 1 from public.performance_metric_rollups where host = $1', [host])).rowCount,
      ]);
    expect(await visible(admin.claims)).toEqual([6, 4]);
    expect(await visible(researcher.claims)).toEqual([0, 0]);
  });
});
