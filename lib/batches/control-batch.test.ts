// Cancel, retry and delete of a whole batch against the real database and pg-boss: what happens to
// the calculations, the items, the batch and the jobs, and that another user can do none of it.
import { afterAll, describe, expect, it } from 'vitest';
import { getPool, closePool } from '../db/pool.ts';
import { UserError } from '../errors/user-error.ts';
import { stopBoss } from '../jobs/queue.ts';
import { createUser } from '../jobs/test-support.ts';
import { ownCalculationQueue } from '../jobs/test-queue.ts';
import { DEFAULT_CALCULATION_PARAMS } from '../validation/calculation.ts';
import { analyseUpload } from './analyse-upload.ts';
import { cancelBatch, deleteBatch, retryFailedItems } from './control-batch.ts';
import { createBatchFromUpload } from './create-batch.ts';
import { stageUpload } from './stage-upload.ts';

// No worker runs on this file's own queue: a calculation is running only when a test says so.
ownCalculationQueue('control-batch');

afterAll(async () => {
  await stopBoss();
  await closePool();
});

const defaults = { charge: 0, uhf: 0 };
const params = { ...DEFAULT_CALCULATION_PARAMS, task: 'opt' as const, optLevel: 'normal' as const };

type User = Awaited<ReturnType<typeof createUser>>;

async function batchOf(user: User, text: string) {
  const analysis = await analyseUpload({ name: 'b.csv', bytes: new TextEncoder().encode(text) }, defaults);
  const uploadId = await stageUpload(user.claims, analysis, defaults);
  return createBatchFromUpload(user, { uploadId, name: 'controlled', params });
}

async function calculations(batchId: string) {
  const { rows } = await getPool().query<{ id: string; status: string; job_state: string | null; etemp: number; opt_level: string; cancel_requested: boolean }>(
    `select c.id, c.status, j.state as job_state, c.etemp, c.opt_level, c.cancel_requested
       from public.calculations c left join pgboss.job j on j.id::text = c.job_id
      where c.batch_id = $1 order by c.created_at, c.name`,
    [batchId],
  );
  return rows;
}

const batchStatus = async (id: string) => (await getPool().query('select status from public.batch_jobs where id = $1', [id])).rows[0]?.status;

const FILE = 'smiles,name\nCCO,ethanol\nCCN,ethylamine\nCCCl,chloroethane\n';

describe('batch controls', () => {
  it('cancel closes the queued calculations and their jobs at once and asks the running one to stop', async () => {
    const user = await createUser('researcher', 'batch-cancel');
    const { batchId } = await batchOf(user, FILE);
    const before = await calculations(batchId);
    expect(before.map((c) => `${c.status}:${c.job_state}`)).toEqual(['queued:created', 'queued:created', 'queued:created']);
    // One calculation has been claimed by a worker.
    await getPool().query(`update public.calculations set status = 'running', started_at = now() where id = $1`, [before[0]!.id]);
    const result = await cancelBatch(user, batchId);
    expect(result).toEqual({ cancelled: 2, stopping: 1 });
    const after = await calculations(batchId);
    expect(after.map((c) => `${c.status}:${c.job_state}`)).toEqual(['running:created', 'cancelled:cancelled', 'cancelled:cancelled']);
    expect(after.every((c) => c.cancel_requested)).toBe(true);
    const { rows: items } = await getPool().query(
      'select i.status, c.status as calc from public.batch_items i join public.calculations c on c.id = i.calculation_id where i.batch_id = $1',
      [batchId],
    );
    for (const item of items) expect(item.status).toBe(item.calc);
    const { rows: errors } = await getPool().query(
      `select count(*)::int as n from public.calculation_errors where calculation_id = any($1::uuid[]) and error_type = 'cancelled' and code = 'CANCELLED'`,
      [after.filter((c) => c.status === 'cancelled').map((c) => c.id)],
    );
    expect(errors[0].n).toBe(result.cancelled);
    // When the workers have stopped the running ones, the batch ends as cancelled.
    await getPool().query(`update public.calculations set status = 'cancelled', finished_at = now() where batch_id = $1 and status <> 'cancelled'`, [batchId]);
    expect(await batchStatus(batchId)).toBe('cancelled');
    await expect(cancelBatch(user, batchId)).rejects.toThrow('Nothing in this batch is waiting or running any more.');
  });

  it('retries only the failed items, as new calculations in the same batch with the changed parameters', async () => {
    const user = await createUser('researcher', 'batch-retry');
    const { batchId } = await batchOf(user, FILE);
    const [a, b, c] = await calculations(batchId);
    const pool = getPool();
    await pool.query(
      `update public.calculations set status = 'succeeded', finished_at = now(), total_energy = -5,
              input_xyz = E'1\\n\\nC 0 0 0\\n', input_hash = repeat('a', 64), geometry_source = 'embedded' where id = $1`,
      [a!.id],
    );
    await pool.query(
      `update public.calculations set status = 'failed', finished_at = now(), error_type = 'convergence', error_message = 'SCF did not converge' where id = any($1::uuid[])`,
      [[b!.id, c!.id]],
    );
    expect(await batchStatus(batchId)).toBe('completed');

    await expect(retryFailedItems(user, batchId, { etemp: 100 })).rejects.toThrow('A retry uses the same or a higher electronic temperature.');
    const result = await retryFailedItems(user, batchId, { etemp: 1000, optLevel: 'tight' });
    expect(result.retried).toBe(2);
    const all = await calculations(batchId);
    expect(all).toHaveLength(5);
    const fresh = all.filter((x) => ![a!.id, b!.id, c!.id].includes(x.id));
    expect(fresh.map((x) => [x.etemp, x.opt_level])).toEqual([
      [1000, 'tight'],
      [1000, 'tight'],
    ]);
    expect(fresh.map((x) => `${x.status}:${x.job_state}`)).toEqual(['queued:created', 'queued:created']);
    const { rows: items } = await pool.query<{ status: string; calculation_id: string }>(
      'select status, calculation_id from public.batch_items where batch_id = $1 order by position',
      [batchId],
    );
    expect(items.find((i) => i.calculation_id === a!.id)?.status).toBe('succeeded');
    const requeued = items.filter((i) => i.calculation_id !== a!.id);
    expect(requeued.map((i) => i.status)).toEqual(['queued', 'queued']);
    expect(fresh.map((x) => x.id).sort()).toEqual(requeued.map((i) => i.calculation_id).sort());
    expect(await batchStatus(batchId)).toBe('running');
    await expect(retryFailedItems(user, batchId)).rejects.toThrow('No item of this batch has failed.');
  });

  it('deletes a finished batch with its calculations, and refuses one still running', async () => {
    const user = await createUser('researcher', 'batch-delete');
    const { batchId } = await batchOf(user, FILE);
    const refused = (await deleteBatch(user, batchId).catch((e: unknown) => e)) as UserError;
    expect(refused.message).toMatch(/still has 3 calculations waiting or running: cancel it first/);
    await cancelBatch(user, batchId);
    expect(await deleteBatch(user, batchId)).toEqual({ calculations: 3 });
    const { rows } = await getPool().query<{ batches: number; calcs: number; items: number }>(
      `select (select count(*) from public.batch_jobs where id = $1)::int as batches,
              (select count(*) from public.calculations where batch_id = $1 or owner_id = $2)::int as calcs,
              (select count(*) from public.batch_items where batch_id = $1)::int as items`,
      [batchId, user.id],
    );
    expect(rows[0]).toEqual({ batches: 0, calcs: 0, items: 0 });
  });

  it("lets nobody else cancel, retry or delete a user's batch, and refuses viewers", async () => {
    const owner = await createUser('researcher', 'batch-owner');
    const other = await createUser('researcher', 'batch-stranger');
    const viewer = await createUser('viewer', 'batch-viewer-ctl');
    const { batchId } = await batchOf(owner, FILE);
    // One at a time: started together, a refusal that comes before its turn is an unhandled rejection.
    for (const attempt of [() => cancelBatch(other, batchId), () => retryFailedItems(other, batchId), () => deleteBatch(other, batchId)]) {
      const error = (await attempt().catch((e: unknown) => e)) as UserError;
      expect(error).toBeInstanceOf(UserError);
      expect(error.message).toBe('No such batch.');
    }
    await expect(cancelBatch(viewer, batchId)).rejects.toThrow('Viewers cannot cancel batches.');
    // Untouched: nothing cancelled or asked to stop.
    const after = await calculations(batchId);
    expect(after.map((c) => [c.status, c.cancel_requested])).toEqual([
      ['queued', false],
      ['queued', false],
      ['queued', false],
    ]);
  });
});
