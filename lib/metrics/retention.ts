// Retention of operational records: UI sessions 7 days without activity, performance metrics and API
// usage logs 90 days, the audit log one year; calculations and their results are kept for ever.
// Each limit can be changed by an environment variable (days). Rows go in bounded chunks, each in
// its own short transaction, so a large backlog (say, the first run after months) never holds one
// long lock or a huge transaction: writers keep going between chunks.
import 'server-only';
import { asService } from '../db/service.ts';

export interface RetentionPolicy {
  sessionDays: number;
  metricsDays: number;
  usageLogDays: number;
  auditDays: number;
  /** Rows per delete statement. */
  chunkSize: number;
}

function envDays(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const value = Number(env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export function retentionPolicy(env: Record<string, string | undefined> = process.env): RetentionPolicy {
  return {
    sessionDays: envDays(env, 'QF_RETENTION_SESSION_DAYS', 7),
    metricsDays: envDays(env, 'QF_RETENTION_METRICS_DAYS', 90),
    usageLogDays: envDays(env, 'QF_RETENTION_USAGE_LOG_DAYS', 90),
    auditDays: envDays(env, 'QF_RETENTION_AUDIT_DAYS', 365),
    chunkSize: Math.round(envDays(env, 'QF_RETENTION_CHUNK_ROWS', 5000)),
  };
}

interface Target {
  table: string;
  /** The rows to delete, as a query returning their keys (bounded by $2 rows, cut-off in days $1). */
  pick: string;
  key: string;
  days: (p: RetentionPolicy) => number;
}

/** Rows older than the limit by one time column, oldest first. */
function byTime(table: string, key: string, column: string, days: Target['days']): Target {
  return { table, key, days, pick: `select ${key} from public.${table} where ${column} < now() - make_interval(days => $1) order by ${column} limit $2` };
}

// Each `pick` uses an index on its time column (created_at / recorded_at / expires_at), so a chunk
// costs the same however large the table is.
const TARGETS: Target[] = [
  {
    table: 'user_sessions',
    key: 'user_id',
    // An expired session is never read again; a live one goes after the configured inactivity.
    pick: `select user_id from public.user_sessions
            where expires_at < now() or last_activity < now() - make_interval(days => $1) limit $2`,
    days: (p) => p.sessionDays,
  },
  byTime('performance_metrics', 'id', 'recorded_at', (p) => p.metricsDays),
  byTime('performance_metric_rollups', 'ctid', 'bucket', (p) => p.metricsDays),
  byTime('api_usage_logs', 'id', 'created_at', (p) => p.usageLogDays),
  byTime('user_audit_log', 'id', 'created_at', (p) => p.auditDays),
];

export interface RetentionReport {
  deleted: Record<string, number>;
  chunks: number;
}

/** Deletes everything past its retention, one chunk per transaction, and says how much went. */
export async function purgeExpiredRecords(policy: RetentionPolicy = retentionPolicy()): Promise<RetentionReport> {
  const deleted: Record<string, number> = {};
  let chunks = 0;
  for (const target of TARGETS) {
    let total = 0;
    for (;;) {
      const n = await asService(async (db) => {
        const { rowCount } = await db.query(`delete from public.${target.table} where ${target.key} = any(array(${target.pick}))`, [
          Math.round(target.days(policy)),
          policy.chunkSize,
        ]);
        return rowCount ?? 0;
      });
      chunks += 1;
      total += n;
      if (n < policy.chunkSize) break;
    }
    deleted[target.table] = total;
  }
  // Stopped workers' rows are only history for the dashboard's workers panel: a week is enough.
  deleted.workers = await asService(async (db) => {
    const { rowCount } = await db.query(`delete from public.workers where status = 'stopped' and last_seen_at < now() - interval '7 days'`);
    return rowCount ?? 0;
  });
  return { deleted, chunks };
}
