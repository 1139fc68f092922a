// Cancel requests on `calculations`: the user's request (under their RLS), closing a calculation
// that never started, and the worker's check for requests it may have missed.
import type { Queryable } from '../db/transaction.ts';
import type { CalculationRow } from './calculation-row.ts';

/** Marks a queued or running calculation the user may change; null when there is none such. */
export async function requestCancel(db: Queryable, id: string): Promise<Pick<CalculationRow, 'status' | 'job_id' | 'attempts' | 'owner_id'> | null> {
  const { rows } = await db.query<Pick<CalculationRow, 'status' | 'job_id' | 'attempts' | 'owner_id'>>(
    `update public.calculations set cancel_requested = true
      where id = $1 and status in ('queued', 'running')
      returning status, job_id, attempts, owner_id`,
    [id],
  );
  return rows[0] ?? null;
}

/**
 * Closes a calculation that is still queued as cancelled before it started (when `onlyIfRequested`,
 * only if a cancel was requested). Returns its owner, or null when nothing was closed.
 */
export async function closeCancelledBeforeStart(db: Queryable, id: string, onlyIfRequested: boolean): Promise<string | null> {
  const { rows } = await db.query<Pick<CalculationRow, 'owner_id'>>(
    `update public.calculations set status = 'cancelled', finished_at = now(), error_type = 'cancelled',
            error_message = 'cancelled before it started'
      where id = $1 and status = 'queued' and (cancel_requested or not $2)
      returning owner_id`,
    [id, onlyIfRequested],
  );
  return rows[0]?.owner_id ?? null;
}

/** Which of these calculations have a cancel request (a backstop for a missed NOTIFY). */
export async function cancelRequestedAmong(db: Queryable, ids: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<Pick<CalculationRow, 'id'>>(`select id from public.calculations where id = any($1::uuid[]) and cancel_requested`, [ids]);
  return rows.map((r) => r.id);
}
