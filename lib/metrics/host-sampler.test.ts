// The worker's host sampler against the real database: each sample is one set of rows with sane
// values (percentages within 0-100, memory within the machine's), tagged with host and worker;
// samples follow the configured period; the dashboard's hosts panel reads them back bucketed.
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { closePool, getPool } from '../db/pool.ts';
import { hosts } from '../dashboard/panels.ts';
import { HOST_METRICS, samplePeriodSeconds, startHostSampler } from './host-sampler.ts';

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

  it('feeds the dashboard hosts panel, bucketed per host', async () => {
    const host = `panel-${randomUUID().slice(0, 8)}`;
    // Three samples in one quiet past hour: 10 %, 30 % CPU; queue 4 then 9.
    const base = new Date(Date.UTC(2003, 0, 1) + Math.floor(Math.random() * 8000) * 3600_000);
    for (const [minute, cpu, queue] of [
      [1, 10, 4],
      [2, 30, 9],
    ] as const) {
      await getPool().query(
        `insert into public.performance_metrics (metric_type, metric_name, value, tags, recorded_at)
         values ('host', 'cpu_percent', $1, $3, $4), ('host', 'queue_depth', $2, $3, $4)`,
        [cpu, queue, { host }, new Date(base.getTime() + minute * 60_000)],
      );
    }
    const panel = await hosts(getPool(), { from: base, to: new Date(base.getTime() + 24 * 3600_000) });
    expect(panel.bucketSeconds).toBe(900);
    const mine = panel.hosts.find((h) => h.host === host);
    expect(mine?.points).toEqual([{ bucket: base.toISOString(), cpuPercent: 20, queueDepth: 9, jobsRunning: null, memoryPercent: null }]);
  });
});
