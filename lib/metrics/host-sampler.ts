// Each long-running worker samples its host on a fixed period (QF_METRICS_SAMPLE_SECONDS, default
// 60; 0 turns it off) into performance_metrics: queue depth, its running jobs, host CPU and memory,
// load and its own memory. One multi-row insert per sample through the service role; a failed
// sample is reported and skipped, never stopping the worker.
import 'server-only';
import os from 'node:os';
import { asService } from '../db/service.ts';

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
    const names = Object.keys(values) as HostMetric[];
    await asService((db) =>
      db.query(
        `insert into public.performance_metrics (metric_type, metric_name, value, unit, tags)
         select $1, name, value, unit, $5 from unnest($2::text[], $3::float8[], $4::text[]) as m(name, value, unit)`,
        [HOST_METRIC_TYPE, names, names.map((n) => values[n]), names.map((n) => HOST_METRICS[n]), { host: options.host, worker_id: options.workerId }],
      ),
    );
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
