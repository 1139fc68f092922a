// What each attempt leaves besides the calculation row: its execution metrics, its error (with the
// history of earlier ones) and, for a success, the per-atom properties. Written by the worker (and
// by a cancel) as the service role; read with the calculation (get-calculation.ts).
import type { Queryable } from '../db/transaction.ts';
import type { ErrorType } from './statuses.ts';
import type { RetryHistory } from './json-columns.ts';

/** One `calculation_execution_metrics` row (null: not measured in this attempt). */
export interface AttemptMetricsRecord {
  calculation_id: string;
  attempt: number;
  worker_id: string | null;
  host: string | null;
  wall_time_s: number | null;
  cpu_time_s: number | null;
  scf_cycles: number | null;
  optimization_cycles: number | null;
  peak_memory_mb: number | null;
  omp_threads: number | null;
  converged: boolean | null;
  final_gradient_norm: number | null;
  exit_code: number | null;
  signal: string | null;
  stdout: string | null;
  stderr: string | null;
  etemp: number | null;
  xtb_version: string | null;
  embedding_ms: number | null;
}

/** One `calculation_errors` row. */
export interface AttemptErrorRecord {
  calculation_id: string;
  attempt: number;
  error_type: ErrorType;
  severity: 'info' | 'warning' | 'error' | 'critical';
  code: string;
  message: string;
  stderr_excerpt?: string | null;
  retry_count: number;
  retry_history?: RetryHistory;
  will_retry: boolean;
  next_retry_at?: Date | null;
  user_action_required?: boolean;
  resolution?: string | null;
  resolved_at?: Date | null;
}

export interface AtomRecord {
  index: number;
  element: string;
  charge: number | null;
  x: number;
  y: number;
  z: number;
  force: [number, number, number] | null;
}

async function insertRecord(db: Queryable, table: string, record: object, suffix = ''): Promise<void> {
  const entries = Object.entries(record).filter(([, v]) => v !== undefined);
  await db.query(
    `insert into public.${table} (${entries.map(([k]) => k).join(', ')}) values (${entries.map((_, i) => `$${i + 1}`).join(', ')}) ${suffix}`,
    entries.map(([k, v]) => (k === 'retry_history' ? JSON.stringify(v) : v)),
  );
}

/** Once per attempt: a replayed store (the job handed on after the commit) adds nothing. */
export function insertAttemptMetrics(db: Queryable, record: AttemptMetricsRecord): Promise<void> {
  return insertRecord(db, 'calculation_execution_metrics', record, 'on conflict (calculation_id, attempt) do nothing');
}

export function insertAttemptError(db: Queryable, record: AttemptErrorRecord): Promise<void> {
  return insertRecord(db, 'calculation_errors', {
    ...record,
    code: /^[A-Z0-9_]{1,64}$/.test(record.code) ? record.code : 'UNKNOWN',
    message: record.message.slice(0, 10_000),
    stderr_excerpt: record.stderr_excerpt?.slice(-20_000),
  });
}

/** Earlier attempts' errors, oldest first (for the retry decision and the retry history). */
export async function attemptErrors(db: Queryable, calculationId: string): Promise<RetryHistory> {
  const { rows } = await db.query<{ attempt: number; error_type: string; code: string | null; message: string; created_at: Date }>(
    `select attempt, error_type, code, message, created_at from public.calculation_errors where calculation_id = $1 order by attempt, created_at`,
    [calculationId],
  );
  return rows.map((r) => ({ attempt: r.attempt, type: r.error_type, code: r.code, message: r.message, at: r.created_at }));
}

export async function insertAtoms(db: Queryable, calculationId: string, atoms: readonly AtomRecord[]): Promise<void> {
  if (atoms.length === 0) return;
  await db.query(
    `insert into public.atomic_properties (calculation_id, atom_index, element, partial_charge, x, y, z, force_x, force_y, force_z)
     select $1, a.i, a.el, a.q, a.x, a.y, a.z, a.fx, a.fy, a.fz
       from unnest($2::int[], $3::text[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::float8[])
            as a(i, el, q, x, y, z, fx, fy, fz)`,
    [
      calculationId,
      atoms.map((a) => a.index),
      atoms.map((a) => a.element),
      atoms.map((a) => a.charge),
      atoms.map((a) => a.x),
      atoms.map((a) => a.y),
      atoms.map((a) => a.z),
      atoms.map((a) => a.force?.[0] ?? null),
      atoms.map((a) => a.force?.[1] ?? null),
      atoms.map((a) => a.force?.[2] ?? null),
    ],
  );
}
