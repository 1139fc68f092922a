// The worker's statements on `calculations`, run as the service role. Every write after the claim is
// guarded by `status = 'running' and attempts = <this attempt>`, so an attempt that was given up on
// (its worker presumed dead) can never store over the attempt that replaced it.
import type { Queryable } from '../db/transaction.ts';
import type { CalculationRow } from './calculation-row.ts';
import { assignments, selectList, type CalculationColumn, type CalculationValues } from './calculation-sql.ts';
import { PARAMETER_COLUMN_NAMES } from './parameters.ts';

const CLAIMED_COLUMNS = [
  'id',
  'owner_id',
  'molecule_id',
  ...PARAMETER_COLUMN_NAMES,
  'effective_etemp',
  'input_smiles',
  'input_xyz',
  'attempts',
] as const satisfies readonly CalculationColumn[];

export type ClaimedCalculation = Pick<CalculationRow, (typeof CLAIMED_COLUMNS)[number]> & {
  /** Status and attempts before this claim: `running` means the previous attempt's worker died. */
  prev_status: CalculationRow['status'];
  prev_attempts: number;
  /** The molecule's atom count (same identity, same atoms): sizes the time limit, checks the embedding. */
  atom_count: number | null;
};

/**
 * Marks a queued (or orphaned running) calculation as running for this attempt; null when it is
 * finished, cancelled or gone.
 */
export async function claimCalculation(db: Queryable, id: string, attempt: number, jobId: string): Promise<ClaimedCalculation | null> {
  const { rows } = await db.query<ClaimedCalculation>(
    `with prev as (
       select id, status, attempts from public.calculations
        where id = $1 and status in ('queued', 'running') and not cancel_requested
        for update
     )
     update public.calculations c
        set status = 'running', attempts = greatest(prev.attempts + 1, $2), started_at = coalesce(c.started_at, now()),
            job_id = $3, error_type = null, error_message = null
       from prev
      where c.id = prev.id
     returning ${selectList(CLAIMED_COLUMNS)}, prev.status as prev_status, prev.attempts as prev_attempts,
               (select m.atom_count from public.molecules m where m.id = c.molecule_id) as atom_count`,
    [id, attempt, jobId],
  );
  return rows[0] ?? null;
}

/** Columns an attempt fills only once: the geometry it ran on and how it was made. */
const FIRST_GEOMETRY: readonly CalculationColumn[] = ['input_xyz', 'input_hash', 'geometry_source', 'embedding_ms'];

export type AttemptValues = Omit<CalculationValues, 'id' | 'status' | 'attempts' | 'finished_at'>;

/**
 * Stores the end of an attempt: `succeeded`/`failed`/`cancelled` (finished now) or `queued` again
 * for a retry. False when another attempt has taken over the calculation.
 */
export async function storeAttemptEnd(
  db: Queryable,
  calc: Pick<CalculationRow, 'id' | 'attempts'>,
  status: 'succeeded' | 'failed' | 'cancelled' | 'queued',
  values: AttemptValues,
): Promise<boolean> {
  const set = assignments(values, 3, FIRST_GEOMETRY);
  const { rowCount } = await db.query(
    `update public.calculations
        set status = $3, finished_at = ${status === 'queued' ? 'null' : 'now()'}, ${set.sql}
      where id = $1 and status = 'running' and attempts = $2`,
    [calc.id, calc.attempts, status, ...set.values],
  );
  return rowCount === 1;
}
