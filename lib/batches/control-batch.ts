// Controlling a whole batch: cancel it, retry its failed items, delete it once finished. Each is one
// transaction under the user's row-level security; the queue side (closing never-started
// calculations, pg-boss jobs, waking or stopping workers) is done as the queue owner afterwards in
// the same transaction, in bulk: a statement per step, never one per item.
import 'server-only';
import { can } from '../auth/permissions.ts';
import { recordAdminActionOnOthers } from '../admin/audit-log.ts';
import { asUser, type Queryable } from '../db/as-user.ts';
import { UserError } from '../errors/user-error.ts';
import { insertCalculationsBulk, enqueueCalculationsBulk, type BulkCalculation } from '../calculations/insert-calculations-bulk.ts';
import { OPT_LEVELS, type CalculationParams, type OptLevel } from '../calculations/parameters.ts';
import { defaultTimeoutSeconds } from '../jobs/calculation-time-limits.ts';
import { logEvent } from '../jobs/event-log.ts';
import { fairUseError } from '../jobs/fair-use-error.ts';
import { asQueueOwner, calculationQueue, CANCEL_CHANNEL, getBoss, inTransaction } from '../jobs/queue.ts';
import type { SubmittingUser } from '../jobs/submitting-user.ts';
import { validateBatchParams } from './create-batch.ts';
import { enqueueFinalStateWebhooks } from '../webhooks/enqueue-webhooks.ts';

export type CancelledBatch = { cancelled: number; stopping: number };

function assertMayChange(user: SubmittingUser, what: string): void {
  if (!can(user, 'calculation.submit')) throw new UserError('FORBIDDEN', `Viewers cannot ${what} batches.`);
}

type LockedBatch = { status: string; parameters: Record<string, unknown>; organization_id: string | null; owner_id: string };

async function lockBatch(db: Queryable, batchId: string): Promise<LockedBatch> {
  // `for update` under RLS: only a batch the user may change is found, and two controls of the same
  // batch (a double click) run one after the other.
  const { rows } = await db.query<LockedBatch>('select status, parameters, organization_id, owner_id from public.batch_jobs where id = $1 for update', [
    batchId,
  ]);
  if (!rows[0]) throw new UserError('NOT_FOUND', 'No such batch.');
  return rows[0];
}

/**
 * Cancels a batch: its queued calculations are closed as cancelled at once (one statement), their
 * pg-boss jobs cancelled in one call, and the workers running the others are told to stop them
 * (the notification a single cancel sends). The batch ends as `cancelled` when the last one stops.
 */
export async function cancelBatch(user: SubmittingUser, batchId: string): Promise<CancelledBatch> {
  assertMayChange(user, 'cancel');
  const { result, ownerId } = await asUser(user.claims, async (db) => {
    // Lock order as the worker's: a calculation row first, then (through the item trigger) its batch.
    // Taking the batch first would deadlock with a worker storing a result at this moment.
    await db.query(`select id from public.calculations where batch_id = $1 and status in ('queued', 'running') order by id for update`, [batchId]);
    const { owner_id: ownerId } = await lockBatch(db, batchId);
    await db.query('update public.batch_jobs set cancel_requested = true where id = $1', [batchId]);
    const { rows: requested } = await db.query<{ id: string; status: string; job_id: string | null; attempts: number }>(
      `update public.calculations set cancel_requested = true
        where batch_id = $1 and status in ('queued', 'running')
        returning id, status, job_id, attempts`,
      [batchId],
    );
    if (requested.length === 0) throw new UserError('NOT_CANCELLABLE', 'Nothing in this batch is waiting or running any more.');
    await asQueueOwner(db);
    const { rows: closed } = await db.query<{ id: string; job_id: string | null; attempts: number }>(
      `update public.calculations set status = 'cancelled', finished_at = now(), error_type = 'cancelled',
              error_message = 'cancelled before it started'
        where id = any($1::uuid[]) and status = 'queued'
        returning id, job_id, attempts`,
      [requested.map((r) => r.id)],
    );
    if (closed.length > 0) {
      await db.query(
        `insert into public.calculation_errors (calculation_id, attempt, error_type, severity, code, message, retry_count, will_retry, resolution, resolved_at)
         select r.id, greatest(r.attempts, 1), 'cancelled', 'info', 'CANCELLED', 'cancelled by the user before it started (batch cancelled)',
                r.attempts, false, 'cancelled by the user', now()
           from unnest($1::uuid[], $2::int[]) as r(id, attempts)`,
        [closed.map((r) => r.id), closed.map((r) => r.attempts)],
      );
      const jobIds = closed.map((r) => r.job_id).filter((id): id is string => id !== null);
      if (jobIds.length > 0) {
        const boss = await getBoss();
        await boss.cancel(calculationQueue(), jobIds, inTransaction(db));
      }
    }
    // The batch ends here when nothing of it was running: its webhook event is queued with it.
    await enqueueFinalStateWebhooks(
      db,
      closed.map((r) => r.id),
    );
    const closedIds = new Set(closed.map((r) => r.id));
    // A calculation that started between the two statements is running now: its worker stops it.
    const running = requested.filter((r) => !closedIds.has(r.id)).map((r) => r.id);
    if (running.length > 0) {
      await db.query('select pg_notify($1, id) from unnest($2::text[]) as id', [CANCEL_CHANNEL, running]);
    }
    await logEvent(
      db,
      user.id,
      'batch.cancelled',
      'batch',
      batchId,
      'warning',
      `batch cancelled: ${closed.length} queued closed, ${running.length} running told to stop`,
      {
        cancelled: closed.length,
        stopping: running.length,
      },
    );
    return { result: { cancelled: closed.length, stopping: running.length }, ownerId };
  });
  await recordAdminActionOnOthers(user, ownerId, { action: 'batch.cancel', entityType: 'batch', entityId: batchId, changes: { ...result } });
  return result;
}

/** What a retry may change: a higher electronic temperature, or another optimisation level. */
export type RetryChanges = { etemp?: number; optLevel?: OptLevel };

/** The optimisation level after this one (the same at the strictest). */
export function nextOptLevel(level: OptLevel): OptLevel {
  const index = OPT_LEVELS.indexOf(level);
  return OPT_LEVELS[Math.min(index + 1, OPT_LEVELS.length - 1)]!;
}

export type RetriedBatch = { retried: number; params: CalculationParams };

type FailedCalculation = {
  item_id: string;
  calculation_id: string;
  molecule_id: string;
  name: string | null;
  input_format: BulkCalculation['inputFormat'] | 'sketch' | null;
  input_smiles: string | null;
  input_xyz: string | null;
  geometry_source: string | null;
  input_hash: string | null;
  charge: number;
  uhf: number;
  atom_count: number | null;
};

/**
 * Retries the failed items of a batch as new calculations in the same batch (through the bulk
 * insert), with the batch's parameters and the given changes. Each item then follows its new
 * calculation; the failed one stays as the record of what went wrong.
 */
export async function retryFailedItems(user: SubmittingUser, batchId: string, changes: RetryChanges = {}): Promise<RetriedBatch> {
  assertMayChange(user, 'retry');
  let retried: RetriedBatch & { ownerId: string };
  try {
    retried = await asUser(user.claims, async (db) => {
      const batch = await lockBatch(db, batchId);
      const base = batch.parameters as Partial<CalculationParams>;
      if (changes.etemp !== undefined && base.etemp !== undefined && changes.etemp < base.etemp) {
        throw new UserError('INVALID_INPUT', 'A retry uses the same or a higher electronic temperature.', {
          etemp: [`At least ${base.etemp} K, the batch's electronic temperature.`],
        });
      }
      const params = await validateBatchParams({ ...base, ...changes });
      const { rows: failed } = await db.query<FailedCalculation>(
        `select i.id as item_id, c.id as calculation_id, c.molecule_id, c.name, c.input_format, c.input_smiles, c.input_xyz,
                c.geometry_source, c.input_hash, c.charge, c.uhf, m.atom_count
           from public.batch_items i
           join public.calculations c on c.id = i.calculation_id
           left join public.molecules m on m.id = c.molecule_id
          where i.batch_id = $1 and i.status = 'failed'
          order by i.position`,
        [batchId],
      );
      if (failed.length === 0) throw new UserError('CONFLICT', 'No item of this batch has failed.');
      const calculations: BulkCalculation[] = failed.map((f) => {
        // A geometry the worker embedded is embedded again from the SMILES (a failure may be the embedding's).
        const xyz = f.geometry_source === 'embedded' ? null : f.input_xyz;
        return {
          moleculeId: f.molecule_id,
          name: f.name ?? '',
          inputFormat: f.input_format === 'xyz' || f.input_format === 'mol' || f.input_format === 'sdf' ? f.input_format : 'smiles',
          inputSmiles: f.input_smiles,
          charge: f.charge,
          uhf: f.uhf,
          xyz,
          inputHash: xyz === null ? null : f.input_hash,
          timeoutSeconds: defaultTimeoutSeconds(f.atom_count ?? 50, params.task),
        };
      });
      const inserted = await insertCalculationsBulk(db, { batchId, organizationId: batch.organization_id, params }, calculations);
      await db.query(
        `update public.batch_items i set calculation_id = r.calculation_id, status = 'queued', error_type = null, error_message = null
           from unnest($1::uuid[], $2::uuid[]) as r(item_id, calculation_id) where i.id = r.item_id`,
        [failed.map((f) => f.item_id), inserted.calculationIds],
      );
      await db.query('update public.batch_jobs set cancel_requested = false where id = $1', [batchId]);
      await enqueueCalculationsBulk(db, calculations, inserted);
      await db.query(`update public.batch_jobs set status = 'running', finished_at = null where id = $1`, [batchId]);
      await logEvent(db, user.id, 'batch.retried', 'batch', batchId, 'info', `retried ${failed.length} failed items`, {
        retried: failed.length,
        etemp: params.etemp,
        opt_level: params.optLevel,
      });
      return { retried: failed.length, params, ownerId: batch.owner_id };
    });
  } catch (error) {
    throw fairUseError(error) ?? error;
  }
  const { ownerId, ...result } = retried;
  await recordAdminActionOnOthers(user, ownerId, {
    action: 'batch.retry',
    entityType: 'batch',
    entityId: batchId,
    changes: { retried: result.retried, ...changes },
  });
  return result;
}

/** Deletes a finished batch, its items and its calculations (with their results). */
export async function deleteBatch(user: SubmittingUser, batchId: string): Promise<{ calculations: number }> {
  assertMayChange(user, 'delete');
  const { result, ownerId } = await asUser(user.claims, async (db) => {
    const { owner_id: ownerId } = await lockBatch(db, batchId);
    const { rows } = await db.query<{ active: number }>(
      `select count(*)::int as active from public.calculations where batch_id = $1 and status in ('queued', 'running')`,
      [batchId],
    );
    if (rows[0]!.active > 0) {
      throw new UserError('CONFLICT', `This batch still has ${rows[0]!.active} calculations waiting or running: cancel it first, then delete it.`);
    }
    const deleted = await db.query('delete from public.calculations where batch_id = $1', [batchId]);
    const batch = await db.query('delete from public.batch_jobs where id = $1', [batchId]);
    if (batch.rowCount !== 1) throw new UserError('FORBIDDEN', 'You may not delete this batch.');
    await asQueueOwner(db);
    await logEvent(db, user.id, 'batch.deleted', 'batch', batchId, 'warning', `batch deleted with ${deleted.rowCount ?? 0} calculations`);
    return { result: { calculations: deleted.rowCount ?? 0 }, ownerId };
  });
  await recordAdminActionOnOthers(user, ownerId, { action: 'batch.delete', entityType: 'batch', entityId: batchId, changes: { ...result } });
  return result;
}
