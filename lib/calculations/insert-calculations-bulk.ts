// Many calculations and their pg-boss jobs in a few statements, inside the caller's transaction:
// the rows under the user's row-level security (multi-row insert from arrays, chunked), then the
// jobs by the queue owner with pg-boss's own bulk insert. Ids are made here and each job takes its
// calculation's id, so the insert itself records the job id (trigger calculations_job_id_from_id):
// no second pass over the new rows. Used by batch creation.
import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/as-user.ts';
import { jobExpirySeconds } from '../jobs/calculation-time-limits.ts';
import { fairPriorities } from '../jobs/fair-priority.ts';
import { asQueueOwner, calculationQueue, getBoss, inTransaction, WAKE_CHANNEL, type CalculationJobData } from '../jobs/queue.ts';
import { taskOptimises, type CalculationParams } from './parameters.ts';

export type BulkCalculation = {
  moleculeId: string;
  /** What was submitted for this calculation: its own name, format and SMILES (see insert-calculation.ts). */
  name: string;
  inputFormat: 'smiles' | 'xyz' | 'mol' | 'sdf';
  inputSmiles: string | null;
  charge: number;
  uhf: number;
  /** Null when the worker embeds the SMILES. */
  xyz: string | null;
  inputHash: string | null;
  timeoutSeconds: number;
};

export type BulkInserted = { calculationIds: string[]; jobIds: string[] };

/** Rows per statement: large enough to amortise round trips, small enough for modest parameter sizes. */
const CHUNK = 5_000;

/**
 * Inserts the calculations as the current (user) role. The caller then enqueues them with
 * enqueueCalculationsBulk after the rest of its user-role writes.
 */
export async function insertCalculationsBulk(
  db: Queryable,
  batch: { batchId: string | null; organizationId: string | null; params: CalculationParams },
  calculations: readonly BulkCalculation[],
): Promise<BulkInserted> {
  const { params } = batch;
  const optimises = taskOptimises(params.task);
  const calculationIds = calculations.map(() => randomUUID());
  // Users may not write job ids (a column grant): the trigger copies each row's own id, for this
  // transaction's bulk insert only.
  await db.query(`select set_config('qf.job_id_is_calculation_id', 'on', true)`);
  for (let start = 0; start < calculations.length; start += CHUNK) {
    const chunk = calculations.slice(start, start + CHUNK);
    await db.query(
      `insert into public.calculations (id, molecule_id, batch_id, owner_id, organization_id, method, task, opt_level,
                                        solvation_model, solvent, charge, uhf, etemp, accuracy, max_scf_iterations,
                                        input_xyz, input_hash, timeout_seconds, name, input_format, input_smiles)
       select r.id, r.molecule_id, $3, (select auth.uid()), $4, $5, $6, $7, $8, $9, r.charge, r.uhf, $10, $11, $12,
              r.xyz, r.input_hash, r.timeout_seconds, left(r.name, 200), r.input_format, r.input_smiles
         from unnest($1::uuid[], $2::uuid[], $13::int[], $14::int[], $15::text[], $16::text[], $17::int[], $18::text[], $19::text[], $20::text[])
              as r(id, molecule_id, charge, uhf, xyz, input_hash, timeout_seconds, name, input_format, input_smiles)`,
      [
        calculationIds.slice(start, start + CHUNK),
        chunk.map((c) => c.moleculeId),
        batch.batchId,
        batch.organizationId,
        params.method,
        params.task,
        optimises ? params.optLevel : null,
        params.solvationModel === 'none' ? null : params.solvationModel,
        params.solvationModel === 'none' ? null : params.solvent,
        params.etemp,
        params.accuracy,
        params.maxIterations,
        chunk.map((c) => c.charge),
        chunk.map((c) => c.uhf),
        chunk.map((c) => c.xyz),
        chunk.map((c) => (c.xyz === null ? null : c.inputHash)),
        chunk.map((c) => c.timeoutSeconds),
        chunk.map((c) => c.name),
        chunk.map((c) => c.inputFormat),
        chunk.map((c) => c.inputSmiles),
      ],
    );
  }
  await db.query(`select set_config('qf.job_id_is_calculation_id', 'off', true)`);
  return { calculationIds, jobIds: calculationIds };
}

/**
 * Leaves the user's role for the queue owner's and inserts one pg-boss job per calculation (ids as
 * made by insertCalculationsBulk, already recorded on the calculations), then wakes idle workers
 * once, at commit. `onStep` marks the end of each phase (for the benchmark).
 */
export async function enqueueCalculationsBulk(
  db: Queryable,
  calculations: readonly BulkCalculation[],
  inserted: BulkInserted,
  onStep?: (step: string) => void,
): Promise<void> {
  await asQueueOwner(db);
  const boss = await getBoss();
  const queue = calculationQueue();
  // Placed among other users' waiting jobs once for the whole submission (see fair-priority.ts).
  const priorities = await fairPriorities(db, queue, inserted.calculationIds);
  onStep?.('job priorities');
  for (let start = 0; start < calculations.length; start += CHUNK) {
    const jobs = calculations.slice(start, start + CHUNK).map((c, offset) => ({
      id: inserted.jobIds[start + offset]!,
      data: { calculationId: inserted.calculationIds[start + offset]! } satisfies CalculationJobData,
      priority: priorities[start + offset]!,
      expireInSeconds: Math.max(60, jobExpirySeconds(c.timeoutSeconds)),
    }));
    await boss.insert(queue, jobs, inTransaction(db));
  }
  onStep?.('job insert');
  if (calculations.length > 0) await db.query('select pg_notify($1, $2)', [WAKE_CHANNEL, inserted.calculationIds[0]!]);
}
