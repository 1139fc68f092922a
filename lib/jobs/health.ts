// What GET /api/health reports about the pipeline: queue depth (from the calculations themselves and
// from pg-boss), workers with fresh heartbeats and the xtb they found, and this process's own xtb.
import 'server-only';
import { countActiveCalculations } from '../calculations/calculation-counts.ts';
import { getPool } from '../db/pool.ts';
import { getXtbSelfCheck } from '../xtb/self-check.ts';
import { calculationQueue } from './queue.ts';
import { FRESH_WORKER_SECONDS } from './method-availability.ts';
import { toWorkerSummary, WORKER_SUMMARY_COLUMNS, type WorkerSummary, type WorkerSummaryRow } from './worker-summary.ts';

export interface DatabaseHealth {
  ok: boolean;
  latencyMs?: number;
  error?: string;
}

/** One round trip to the database, timed: the liveness probe everyone may see (up or down). */
export async function pingDatabase(): Promise<DatabaseHealth> {
  const started = performance.now();
  try {
    await getPool().query('select 1');
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch {
    return { ok: false, error: 'database not reachable' };
  }
}

export interface PipelineHealth {
  queue: { queued: number; running: number; jobs: Record<string, number> | null };
  workers: {
    fresh: number;
    list: (WorkerSummary & { xtbError: string | null })[];
  };
  xtb: {
    available: boolean;
    version: string | null;
    bin: string;
    methods: string[];
    unavailable: Record<string, string | null>;
    solvation: { alpb: boolean; gbsa: boolean } | null;
    error: string | null;
  };
}

export async function getPipelineHealth(): Promise<PipelineHealth> {
  const pool = getPool();
  const [counts, jobs, workers, check] = await Promise.all([
    countActiveCalculations(pool),
    pool
      .query<{ state: string; n: number }>(`select state::text, count(*)::int as n from pgboss.job where name = $1 and state < 'completed' group by state`, [
        calculationQueue(),
      ])
      .catch(() => null),
    pool.query<WorkerSummaryRow & { xtb_error: string | null }>(
      `select ${WORKER_SUMMARY_COLUMNS}, metadata->>'xtb_error' as xtb_error
         from public.workers where status = 'running' and last_seen_at > now() - make_interval(secs => $1) order by last_seen_at desc limit 50`,
      [FRESH_WORKER_SECONDS],
    ),
    getXtbSelfCheck(),
  ]);
  return {
    queue: { ...counts, jobs: jobs ? Object.fromEntries(jobs.rows.map((r) => [r.state, r.n])) : null },
    workers: {
      fresh: workers.rows.length,
      list: workers.rows.map((w) => ({ ...toWorkerSummary(w), xtbError: w.xtb_error })),
    },
    xtb: {
      available: check.found && check.availableMethods.length > 0,
      version: check.version,
      bin: check.bin,
      methods: check.availableMethods,
      unavailable: Object.fromEntries(check.methods.filter((m) => !m.available).map((m) => [m.method, m.reason])),
      solvation: check.solvation ? { alpb: check.solvation.alpb.available, gbsa: check.solvation.gbsa.available } : null,
      error: check.error,
    },
  };
}

/**
 * A warning for the editor when nothing can run a calculation right now: no worker with a fresh
 * heartbeat can run xtb. Submissions are still accepted; they wait in the queue.
 */
export async function computeCapacityWarning(): Promise<string | null> {
  return capacityWarningFor(await getPipelineHealth());
}

export function capacityWarningFor(health: Pick<PipelineHealth, 'workers' | 'xtb'>): string | null {
  const runnable = health.workers.list.filter((w) => w.methods.length > 0);
  if (runnable.length > 0) return null;
  if (health.workers.fresh > 0) {
    const reason = health.workers.list.find((w) => w.xtbError)?.xtbError ?? health.xtb.error;
    return `The calculation workers cannot run xtb${reason ? ` (${reason})` : ''}. Submissions wait in the queue until a worker with xtb is available.`;
  }
  if (!health.xtb.available) {
    return `xtb is not available on this server${health.xtb.error ? ` (${health.xtb.error})` : ''} and no calculation worker is running. Install it with \`apt-get install xtb\`; submissions wait in the queue until a worker with xtb starts.`;
  }
  return 'No calculation worker is running right now: submissions wait in the queue until one starts.';
}
