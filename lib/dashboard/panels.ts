// The operations dashboard's panels: one query per panel over a time range.
//
// Access: the admin RLS policies would let these run as the admin (asUser), and the panel tests
// check the queries that way. But the execution-metrics and calculation-errors policies check each
// row against the calculations policy, so at scale a month of runtime or usage took 15-25 s
// under RLS (README, "Operations dashboard"). The panels therefore run through the service role
// (asService) after the `dashboard.view` permission check here, which every caller passes
// through; the page and GET /api/dashboard check the same permission before calling.
// Throughput, success rate, runtime, failures and usage read the dashboard rollups (hourly and
// daily buckets kept by triggers and the maintenance schedule; see rollupSource) plus the raw rows
// of the partial hours at the range's edges, so their cost depends on the span, not on the volume.
// The pg-boss schema is not for the app's roles to browse, so queue depth is read from the
// calculations themselves (status 'queued'), which is what users wait on.
import 'server-only';
import type { Queryable } from '../db/as-user.ts';
import { asService } from '../db/service.ts';
import { can } from '../auth/permissions.ts';
import type { Role } from '../auth/permissions.ts';
import { UserError } from '../errors/user-error.ts';
import { FRESH_WORKER_SECONDS } from '../jobs/method-availability.ts';
import { toWorkerSummary, WORKER_SUMMARY_COLUMNS, type WorkerSummary, type WorkerSummaryRow } from '../jobs/worker-summary.ts';
import { ROLLUP_SECONDS } from '../metrics/host-sampler.ts';

export interface TimeRange {
  from: Date;
  to: Date;
}

/** Hourly buckets up to a week, daily beyond (a month of hours is 720 points, too many bars). */
export function bucketFor(range: TimeRange): 'hour' | 'day' {
  return range.to.getTime() - range.from.getTime() <= 7 * 24 * 3600_000 ? 'hour' : 'day';
}

/** Where a panel reads each part of a range (supabase/migrations/20261130030000_dashboard_rollups.sql). */
export type RollupKind = 'finished' | 'created' | 'attempt' | 'runtime' | 'error';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The range cut at whole UTC hours and days: [from, h1) and [h2, to) are read raw, [h1, d1) and
 * [d2, h2) from hourly rollups (and deltas), [d1, d2) from daily ones. Without days (a panel that
 * plots per hour) d1 = d2 = h2; a range inside one hour is all raw (h1 = h2 = to).
 * Returns [from, h1, d1, d2, h2, to], the parameters $1–$6 of rollupSource.
 */
export function rollupSpans(range: TimeRange, useDays: boolean): Date[] {
  const from = range.from.getTime();
  const to = range.to.getTime();
  let h1 = Math.ceil(from / HOUR_MS) * HOUR_MS;
  let h2 = Math.floor(to / HOUR_MS) * HOUR_MS;
  if (h1 >= h2) h1 = h2 = to;
  let d1 = useDays ? Math.ceil(h1 / DAY_MS) * DAY_MS : h2;
  let d2 = useDays ? Math.floor(h2 / DAY_MS) * DAY_MS : h2;
  if (d1 >= d2) d1 = d2 = h2;
  return [from, h1, d1, d2, h2, to].map((t) => new Date(t));
}

/**
 * One kind's events over the range as rows (at, dim, label, bin1, bin2, n, s1, s2), each part from
 * its cheapest exact source; parameters $1–$6 from rollupSpans. Summing n (and s1, s2) per key gives
 * what the raw rows give: the deltas are the changes not yet folded into the rollups.
 */
function rollupSource(kind: RollupKind, useDays: boolean): string {
  const columns = 'dim, label, bin1, bin2, n, s1, s2';
  const days = useDays
    ? `union all select bucket as at, ${columns} from public.dashboard_rollups where grain = 'day' and kind = '${kind}' and bucket >= $3 and bucket < $4`
    : '';
  return `select at, ${columns} from public.dashboard_events where kind = '${kind}' and (at >= $1 and at < $2 or at >= $5 and at < $6)
    union all select bucket as at, ${columns} from public.dashboard_rollups
     where grain = 'hour' and kind = '${kind}' and (bucket >= $2 and bucket < $3 or bucket >= $4 and bucket < $5)
    ${days}
    union all select at, ${columns} from public.dashboard_rollup_deltas where kind = '${kind}' and at >= $2 and at < $5`;
}

export interface ThroughputPoint {
  bucket: string;
  succeeded: number;
  failed: number;
}

/** Calculations finished per hour (or day), succeeded and failed. */
export async function throughput(db: Queryable, range: TimeRange): Promise<{ bucket: 'hour' | 'day'; points: ThroughputPoint[] }> {
  const bucket = bucketFor(range);
  const { rows } = await db.query<{ bucket: Date; succeeded: number; failed: number }>(
    `select date_trunc($7, at, 'UTC') as bucket,
            coalesce(sum(n) filter (where dim = 'succeeded'), 0)::int as succeeded,
            coalesce(sum(n) filter (where dim = 'failed'), 0)::int as failed
       from (${rollupSource('finished', bucket === 'day')}) s
      where dim in ('succeeded', 'failed')
      group by 1 having sum(n) <> 0 order by 1`,
    [...rollupSpans(range, bucket === 'day'), bucket],
  );
  return { bucket, points: rows.map((r) => ({ bucket: r.bucket.toISOString(), succeeded: r.succeeded, failed: r.failed })) };
}

export interface SuccessRate {
  succeeded: number;
  failed: number;
  cancelled: number;
  /** succeeded / (succeeded + failed), null when nothing finished. */
  rate: number | null;
}

export async function successRate(db: Queryable, range: TimeRange): Promise<SuccessRate> {
  const { rows } = await db.query<{ succeeded: number; failed: number; cancelled: number }>(
    `select coalesce(sum(n) filter (where dim = 'succeeded'), 0)::int as succeeded,
            coalesce(sum(n) filter (where dim = 'failed'), 0)::int as failed,
            coalesce(sum(n) filter (where dim = 'cancelled'), 0)::int as cancelled
       from (${rollupSource('finished', true)}) s`,
    rollupSpans(range, true),
  );
  const r = rows[0]!;
  const done = r.succeeded + r.failed;
  return { ...r, rate: done === 0 ? null : r.succeeded / done };
}

export interface QueueState {
  queued: number;
  running: number;
  oldestQueuedAt: string | null;
  /** Seconds the oldest queued calculation has waited, null when the queue is empty. */
  oldestAgeSeconds: number | null;
}

/** The queue now (not range-bound: a backlog matters whenever it started). */
export async function queueState(db: Queryable): Promise<QueueState> {
  const { rows } = await db.query<{ queued: number; running: number; oldest: Date | null; age: number | null }>(
    `select count(*) filter (where status = 'queued')::int as queued,
            count(*) filter (where status = 'running')::int as running,
            min(queued_at) filter (where status = 'queued') as oldest,
            extract(epoch from now() - min(queued_at) filter (where status = 'queued'))::float8 as age
       from public.calculations
      where status in ('queued', 'running')`,
  );
  const r = rows[0]!;
  return {
    queued: r.queued,
    running: r.running,
    oldestQueuedAt: r.oldest?.toISOString() ?? null,
    oldestAgeSeconds: r.age === null ? null : Math.max(0, r.age),
  };
}

export interface WorkerRow extends WorkerSummary {
  status: string;
  /** Seconds of silence after which the worker counts as dead. */
  heartbeatWindowSeconds: number;
  dead: boolean;
  /** When the heartbeat window ran out, for dead workers. */
  deadSince: string | null;
}

/**
 * Workers seen in the range and not cleanly stopped before it. A worker is dead when its last
 * heartbeat is older than its window (metadata.heartbeat_seconds when it reports one, else the
 * freshness the queue itself trusts); a cleanly stopped worker is not dead, just stopped.
 */
export async function workers(db: Queryable, range: TimeRange): Promise<WorkerRow[]> {
  const { rows } = await db.query<WorkerSummaryRow & { status: string; window_s: number; dead: boolean; dead_since: Date | null }>(
    `select ${WORKER_SUMMARY_COLUMNS}, status, window_s,
            status <> 'stopped' and last_seen_at < now() - make_interval(secs => window_s) as dead,
            case when status <> 'stopped' and last_seen_at < now() - make_interval(secs => window_s)
                 then last_seen_at + make_interval(secs => window_s) end as dead_since
       from (select w.*, coalesce(case when w.metadata->>'heartbeat_seconds' ~ '^[0-9]{1,6}$' then (w.metadata->>'heartbeat_seconds')::int end, $3)::int as window_s
               from public.workers w
              where w.last_seen_at >= $1 and w.started_at < $2) w
      order by (status <> 'stopped' and last_seen_at < now() - make_interval(secs => window_s)) desc, last_seen_at desc
      limit 200`,
    [range.from, range.to, FRESH_WORKER_SECONDS],
  );
  return rows.map((w) => ({
    ...toWorkerSummary(w),
    status: w.status,
    heartbeatWindowSeconds: w.window_s,
    dead: w.dead,
    deadSince: w.dead_since?.toISOString() ?? null,
  }));
}

export interface RuntimePanel {
  /** Per method: wall-time percentiles in seconds over the attempts that have one. */
  percentiles: { method: string; attempts: number; p50: number; p95: number }[];
  /**
   * Wall time against atom count: one point per occupied cell (method, atom-count bin of a quarter
   * doubling, wall-time bin of half a doubling) at the cell's mean, at most `sampleSize` per method
   * (the fullest cells), so every region of the plot that has attempts is drawn however many there are.
   */
  points: { method: string; atoms: number; wallSeconds: number }[];
}

/**
 * percentile_cont over a histogram: the value at each rank is its bin's mean, interpolated between
 * the two ranks around p. Exact when a bin holds equal times, within a bin's width (~9 %) otherwise.
 */
export function binnedPercentile(bins: { n: number; sum: number }[], p: number): number {
  const total = bins.reduce((t, b) => t + b.n, 0);
  const valueAt = (rank: number) => {
    let seen = 0;
    for (const b of bins) {
      seen += b.n;
      if (rank < seen) return b.sum / b.n;
    }
    const last = bins[bins.length - 1]!;
    return last.sum / last.n;
  };
  const r = p * (total - 1);
  const lo = valueAt(Math.floor(r));
  return lo + (r - Math.floor(r)) * (valueAt(Math.ceil(r)) - lo);
}

export async function runtime(db: Queryable, range: TimeRange, sampleSize = 300): Promise<RuntimePanel> {
  // One read: fine wall-time bins (1/8 doubling) by atom-count bin (1/4 doubling, -1 unknown).
  const { rows } = await db.query<{ method: string; bin1: number; bin2: number; n: number; wall: number; atoms: number }>(
    `select dim as method, bin1, bin2, sum(n)::int as n, sum(s1)::float8 as wall, sum(s2)::float8 as atoms
       from (${rollupSource('runtime', true)}) s
      group by dim, bin1, bin2 having sum(n) > 0 order by dim, bin1`,
    rollupSpans(range, true),
  );
  const percentiles: RuntimePanel['percentiles'] = [];
  const points: RuntimePanel['points'] = [];
  for (const [method, cells] of Map.groupBy(rows, (r) => r.method)) {
    // Rows come ordered by wall bin: merge the atom-count bins of each into the histogram.
    const histogram: { bin: number; n: number; sum: number }[] = [];
    const scatter = new Map<string, { n: number; wall: number; atoms: number }>();
    for (const c of cells) {
      const last = histogram[histogram.length - 1];
      if (last?.bin === c.bin1) {
        last.n += c.n;
        last.sum += c.wall;
      } else histogram.push({ bin: c.bin1, n: c.n, sum: c.wall });
      if (c.bin2 < 0) continue;
      // Scatter cells: four fine time bins (half a doubling) by one atom-count bin.
      const key = `${Math.floor(c.bin1 / 4)}:${c.bin2}`;
      const cell = scatter.get(key) ?? { n: 0, wall: 0, atoms: 0 };
      scatter.set(key, { n: cell.n + c.n, wall: cell.wall + c.wall, atoms: cell.atoms + c.atoms });
    }
    const attempts = histogram.reduce((t, b) => t + b.n, 0);
    percentiles.push({ method, attempts, p50: binnedPercentile(histogram, 0.5), p95: binnedPercentile(histogram, 0.95) });
    const fullest = [...scatter.values()].sort((a, b) => b.n - a.n).slice(0, sampleSize);
    points.push(...fullest.map((c) => ({ method, atoms: Math.round(c.atoms / c.n), wallSeconds: c.wall / c.n })).sort((a, b) => a.atoms - b.atoms));
  }
  return { percentiles, points };
}

export interface FailurePanel {
  bucket: 'hour' | 'day';
  /** Failed attempts per bucket, one count per error type. */
  series: { bucket: string; counts: Record<string, number> }[];
  /** Per error type: total and its most frequent messages. */
  types: { errorType: string; count: number; topMessages: { message: string; count: number }[] }[];
}

export async function failures(db: Queryable, range: TimeRange, topMessages = 3): Promise<FailurePanel> {
  const bucket = bucketFor(range);
  const spans = rollupSpans(range, bucket === 'day');
  const source = rollupSource('error', bucket === 'day');
  const series = await db.query<{ bucket: Date; error_type: string; n: number }>(
    `select date_trunc($7, at, 'UTC') as bucket, dim as error_type, sum(n)::int as n
       from (${source}) s
      where dim <> 'cancelled'
      group by 1, 2 having sum(n) <> 0 order by 1, 2`,
    [...spans, bucket],
  );
  const messages = await db.query<{ error_type: string; total: number; message: string; n: number }>(
    `select error_type, total, message, n from (
       select dim as error_type, label as message, sum(n)::int as n,
              sum(sum(n)) over (partition by dim)::int as total,
              row_number() over (partition by dim order by sum(n) desc, label) as rank
         from (${source}) s
        where dim <> 'cancelled'
        group by dim, label having sum(n) <> 0) t
      where rank <= $7 order by total desc, error_type, n desc`,
    [...spans, topMessages],
  );
  const byBucket = new Map<string, Record<string, number>>();
  for (const r of series.rows) {
    const key = r.bucket.toISOString();
    byBucket.set(key, { ...byBucket.get(key), [r.error_type]: r.n });
  }
  const types = new Map<string, FailurePanel['types'][number]>();
  for (const r of messages.rows) {
    const t = types.get(r.error_type) ?? { errorType: r.error_type, count: r.total, topMessages: [] };
    t.topMessages.push({ message: r.message, count: r.n });
    types.set(r.error_type, t);
  }
  return { bucket, series: [...byBucket].map(([b, counts]) => ({ bucket: b, counts })), types: [...types.values()] };
}

export interface UsageRow {
  userId: string;
  user: string;
  calculations: number;
  succeeded: number;
  failed: number;
  cpuSeconds: number;
  wallSeconds: number;
}

/** Per user: calculations created in the range and the CPU time their attempts used. */
export async function usage(db: Queryable, range: TimeRange, limit = 50): Promise<UsageRow[]> {
  const { rows } = await db.query<{ user_id: string; who: string | null; calculations: number; succeeded: number; failed: number; cpu: number; wall: number }>(
    `with calcs as (
       select dim as owner_id, sum(n)::int as calculations,
              coalesce(sum(n) filter (where label = 'succeeded'), 0)::int as succeeded,
              coalesce(sum(n) filter (where label = 'failed'), 0)::int as failed
         from (${rollupSource('created', true)}) s group by dim having sum(n) <> 0),
     cpu as (
       select dim as owner_id, sum(s1)::float8 as cpu, sum(s2)::float8 as wall
         from (${rollupSource('attempt', true)}) s group by dim having sum(n) <> 0)
     select coalesce(calcs.owner_id, cpu.owner_id)::uuid as user_id, coalesce(p.email, p.display_name) as who,
            coalesce(calcs.calculations, 0) as calculations, coalesce(calcs.succeeded, 0) as succeeded,
            coalesce(calcs.failed, 0) as failed, coalesce(cpu.cpu, 0) as cpu, coalesce(cpu.wall, 0) as wall
       from calcs full join cpu on cpu.owner_id = calcs.owner_id
       left join public.profiles p on p.id = coalesce(calcs.owner_id, cpu.owner_id)::uuid
      order by cpu desc, calculations desc limit $7`,
    [...rollupSpans(range, true), limit],
  );
  return rows.map((r) => ({
    userId: r.user_id,
    user: r.who ?? r.user_id,
    calculations: r.calculations,
    succeeded: r.succeeded,
    failed: r.failed,
    cpuSeconds: r.cpu,
    wallSeconds: r.wall,
  }));
}

/** Bucket width for sampled host metrics: the smallest step that keeps a series within ~200 points. */
export function hostBucketSeconds(range: TimeRange): number {
  const spanSeconds = (range.to.getTime() - range.from.getTime()) / 1000;
  return [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 86400].find((s) => spanSeconds / s <= 200) ?? 86400;
}

export interface HostPanel {
  bucketSeconds: number;
  /** Per host, one point per bucket: averages, and the peak for queue depth and running jobs. */
  hosts: {
    host: string;
    points: { bucket: string; queueDepth: number | null; jobsRunning: number | null; cpuPercent: number | null; memoryPercent: number | null }[];
  }[];
}

const HOST_PANEL_METRICS = ['queue_depth', 'jobs_running', 'cpu_percent', 'memory_percent'];

/**
 * The workers' host samples (lib/metrics/host-sampler.ts) over the range, bucketed. Buckets under
 * 15 minutes read the samples; wider ones the 15-minute rollups, so a month costs no more than a day.
 */
export async function hosts(db: Queryable, range: TimeRange): Promise<HostPanel> {
  const bucketSeconds = hostBucketSeconds(range);
  const source =
    bucketSeconds < ROLLUP_SECONDS
      ? `select recorded_at as at, tags->>'host' as host, metric_name, value as avg_part, 1 as n, value as peak
           from public.performance_metrics
          where metric_type = 'host' and metric_name = any($4) and recorded_at >= $1 and recorded_at < $2`
      : `select bucket as at, host, metric_name, total as avg_part, samples as n, peak
           from public.performance_metric_rollups
          where metric_type = 'host' and metric_name = any($4) and bucket >= $1 and bucket < $2`;
  const { rows } = await db.query<{ bucket: Date; host: string; metric_name: string; avg: number; max: number }>(
    `select date_bin(make_interval(secs => $3), at, timestamptz '2000-01-01') as bucket, host, metric_name,
            sum(avg_part) / sum(n) as avg, max(peak) as max
       from (${source}) s
      group by 1, 2, 3 order by 2, 1`,
    [range.from, range.to, bucketSeconds, HOST_PANEL_METRICS],
  );
  const byHost = new Map<string, Map<string, HostPanel['hosts'][number]['points'][number]>>();
  for (const r of rows) {
    const host = r.host ?? 'unknown';
    const points = byHost.get(host) ?? new Map();
    byHost.set(host, points);
    const key = r.bucket.toISOString();
    const point = points.get(key) ?? { bucket: key, queueDepth: null, jobsRunning: null, cpuPercent: null, memoryPercent: null };
    if (r.metric_name === 'queue_depth') point.queueDepth = r.max;
    else if (r.metric_name === 'jobs_running') point.jobsRunning = r.max;
    else if (r.metric_name === 'cpu_percent') point.cpuPercent = r.avg;
    else if (r.metric_name === 'memory_percent') point.memoryPercent = r.avg;
    points.set(key, point);
  }
  return { bucketSeconds, hosts: [...byHost].map(([host, points]) => ({ host, points: [...points.values()] })) };
}

export const PANELS = ['throughput', 'success', 'queue', 'workers', 'runtime', 'failures', 'usage', 'hosts'] as const;
export type PanelName = (typeof PANELS)[number];

export interface PanelData {
  throughput: Awaited<ReturnType<typeof throughput>>;
  success: SuccessRate;
  queue: QueueState;
  workers: WorkerRow[];
  runtime: RuntimePanel;
  failures: FailurePanel;
  usage: UsageRow[];
  hosts: HostPanel;
}

const RUNNERS: { [K in PanelName]: (db: Queryable, range: TimeRange) => Promise<PanelData[K]> } = {
  throughput,
  success: successRate,
  queue: (db) => queueState(db),
  workers,
  runtime: (db, range) => runtime(db, range),
  failures: (db, range) => failures(db, range),
  usage: (db, range) => usage(db, range),
  hosts,
};

function assertDashboardAccess(user: { role: Role }) {
  // The same 404 the page gives: the dashboard does not exist for anyone else.
  if (!can(user, 'dashboard.view')) throw new UserError('NOT_FOUND', 'There is nothing here.');
}

/** One panel, for a user with `dashboard.view` (anyone else: NOT_FOUND). */
export async function loadPanel<K extends PanelName>(user: { role: Role }, panel: K, range: TimeRange): Promise<PanelData[K]> {
  assertDashboardAccess(user);
  return asService((db) => RUNNERS[panel](db, range));
}

export async function loadAllPanels(user: { role: Role }, range: TimeRange): Promise<PanelData> {
  assertDashboardAccess(user);
  // One transaction, one connection: seven queries in a row rather than seven pool slots.
  return asService(async (db) => {
    const out = {} as Record<PanelName, unknown>;
    for (const name of PANELS) out[name] = await RUNNERS[name](db, range);
    return out as PanelData;
  });
}
