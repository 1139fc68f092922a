// Each long-running worker samples its host on a fixed period (QF_METRICS_SAMPLE_SECONDS, default
// 60; 0 turns it off) into performance_metrics: queue depth, its running jobs, host CPU and memory,
// load and its own memory. One statement per sample through the service role (the rows and their
// 15-minute rollup); a failed
// sample is reported and skipped, never stopping the worker.
import 'server-only';
import os from 'node:os';
import { asService } from '../db/service.ts';
import type { Queryable } from '../db/transaction.ts';

export const HOST_METRIC_TYPE = 'host';

/** What one sample records, by metric name, with its unit. */
export const HOST_METRICS = {
  queue_depth: 'jobs',
  jobs_running: 'jobs',
  cpu_percent: '%',
  memory_percent: '%',
  memory_used_bytes: 'bytes',
  load_1m: null,
  worker_rss_bytes: 'bytes',
} as const;
export type HostMetric = keyof typeof HOST_METRICS;

export function samplePeriodSeconds(env: Record<string, string | undefined> = process.env): number {
  const value = Number(env.QF_METRICS_SAMPLE_SECONDS ?? 60);
  return Number.isFinite(value) && value >= 0 ? value : 60;
}

/** Busy and total CPU time over all cores since boot, to turn two readings into a percentage. */
function cpuTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    const all = t.user + t.nice + t.sys + t.irq + t.idle;
    total += all;
    busy += all - t.idle;
  }
  return { busy, total };
}

/** Rollup bucket width (see the performance_metric_rollups migration). */
export const ROLLUP_SECONDS = 900;

/**
 * Writes one sample: a row per metric, and the 15-minute rollup per host updated in the same
 * statement (so the two never disagree). `at` is for tests and seeding; samples are stamped now().
 */
export async function recordHostSample(db: Queryable, sample: { host: string; workerId: string; values: Partial<Record<HostMetric, number>>; at?: Date }) {
  const names = Object.keys(sample.values) as HostMetric[];
  await db.query(
    `with m as (select * from unnest($2::text[], $3::float8[], $4::text[]) as m(name, value, unit)),
          raw as (insert into public.performance_metrics (metric_type, metric_name, value, unit, tags, recorded_at)
                  select $1, name, value, unit, $5, $7 from m)
     insert into public.performance_metric_rollups as r (metric_type, metric_name, host, bucket, samples, total, peak)
     select $1, name, $6, date_bin(make_interval(secs => $8), $7, timestamptz '2000-01-01'), 1, value, value from m
     on conflict (metric_type, metric_name, bucket, host)
     do update set samples = r.samples + 1, total = r.total + excluded.total, peak = greatest(r.peak, excluded.peak)`,
    [
      HOST_METRIC_TYPE,
      names,
      names.map((n) => sample.values[n]),
      names.map((n) => HOST_METRICS[n]),
      { host: sample.host, worker_id: sample.workerId },
      sample.host,
      sample.at ?? new Date(),
      ROLLUP_SECONDS,
    ],
  );
}

export interface HostSamplerOptions {
  host: string;
  workerId: string;
  /** Jobs waiting in the queue now. */
  queueDepth: () => Promise<number>;
  /** This worker's running jobs now. */
  jobsRunning: () => number;
  periodSeconds?: number;
  log?: (line: string) => void;
}

export interface HostSampler {
  /** Takes and writes one sample now; returns what it wrote. */
  sample(): Promise<Record<HostMetric, number>>;
  stop(): void;
}

export function startHostSampler(options: HostSamplerOptions): HostSampler {
  const period = options.periodSeconds ?? samplePeriodSeconds();
  const log = options.log ?? ((line: string) => console.log(`[metrics] ${line}`));
  let last = cpuTimes();

  const sample = async (): Promise<Record<HostMetric, number>> => {
    const now = cpuTimes();
    const total = now.total - last.total;
    // CPU share since the previous sample (or since the sampler started), over all cores.
    const cpuPercent = total > 0 ? Math.min(100, Math.max(0, (100 * (now.busy - last.busy)) / total)) : 0;
    last = now;
    const totalMem = os.totalmem();
    const usedMem = totalMem - os.freemem();
    const values: Record<HostMetric, number> = {
      queue_depth: await options.queueDepth(),
      jobs_running: options.jobsRunning(),
      cpu_percent: cpuPercent,
      memory_percent: totalMem > 0 ? (100 * usedMem) / totalMem : 0,
      memory_used_bytes: usedMem,
      load_1m: os.loadavg()[0] ?? 0,
      worker_rss_bytes: process.memoryUsage.rss(),
    };
    await asService((db) => recordHostSample(db, { host: options.host, workerId: options.workerId, values }));
    return values;
  };

  const timer =
    period > 0
      ? setInterval(() => {
          sample().catch((error: Error) => log(`sample skipped: ${error.message}`));
        }, period * 1000)
      : null;
  timer?.unref?.(); // sampling never keeps a process alive
  return { sample, stop: () => (timer ? clearInterval(timer) : undefined) };
}
