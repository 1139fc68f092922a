// One worker as the health check and the operations dashboard show it: the columns of
// public.workers both read, their row type and the mapping to camelCase, written once.

/** The select list both queries start from (they add their own columns after it). */
export const WORKER_SUMMARY_COLUMNS = 'id, host, pid, concurrency, jobs_running, xtb_version, methods_available, last_seen_at';

export interface WorkerSummaryRow {
  id: string;
  host: string;
  pid: number;
  concurrency: number;
  jobs_running: number;
  xtb_version: string | null;
  methods_available: string[];
  last_seen_at: Date;
}

export interface WorkerSummary {
  id: string;
  host: string;
  pid: number;
  concurrency: number;
  jobsRunning: number;
  xtbVersion: string | null;
  methods: string[];
  lastSeenAt: string;
}

export function toWorkerSummary(w: WorkerSummaryRow): WorkerSummary {
  return {
    id: w.id,
    host: w.host,
    pid: w.pid,
    concurrency: w.concurrency,
    jobsRunning: w.jobs_running,
    xtbVersion: w.xtb_version,
    methods: w.methods_available,
    lastSeenAt: w.last_seen_at.toISOString(),
  };
}
