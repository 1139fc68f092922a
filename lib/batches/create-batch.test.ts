// Creating a batch from a staged upload, against the real database and pg-boss: what is written,
// per-owner de-duplication, that an interruption leaves nothing, single use of an upload, RLS, and
// items following their calculations to the batch's end.
import { afterAll, describe, expect, it } from 'vitest';
import { getPool, closePool } from '../db/pool.ts';
import { UserError } from '../errors/user-error.ts';
import { stopBoss } from '../jobs/queue.ts';
import { createUser } from '../jobs/test-support.ts';
import { ownCalculationQueue } from '../jobs/test-queue.ts';
import { DEFAULT_CALCULATION_PARAMS } from '../validation/calculation.ts';
import { analyseUpload } from './analyse-upload.ts';
import { createBatchFromUpload } from './create-batch.ts';
import { stageUpload } from './stage-upload.ts';

// No worker runs on this file's own queue: what is enqueued stays queued while these tests look.
ownCalculationQueue('create-batch');

afterAll(async () => {
  await stopBoss();
  await closePool();
});

const defaults = { charge: 0, uhf: 0 };
const params = { ...DEFAULT_CALCULATION_PARAMS, task: 'sp' as const };

async function staged(user: Awaited<ReturnType<typeof createUser>>, name: string, text: string) {
  const analysis = await analyseUpload({ name, bytes: new TextEncoder().encode(text) }, defaults);
  return stageUpload(user.claims, analysis, defaults);
}

async function countsFor(ownerId: string) {
  const { rows } = await getPool().query<{ batches: number; molecules: number; calculations: number; items: number; jobs: number; uploads: number }>(
    `select (select count(*) from public.batch_jobs where owner_id = $1)::int as batches,
            (select count(*) from public.molecules where owner_id = $1)::int as molecules,
            (select count(*) from public.calculations where owner_id = $1)::int as calculations,
            (select count(*) from public.batch_items i join public.batch_jobs b on b.id = i.batch_id where b.owner_id = $1)::int as items,
            (select count(*) from pgboss.job j join public.calculations c on c.job_id = j.id::text where c.owner_id = $1)::int as jobs,
            (select count(*) from public.batch_uploads where owner_id = $1)::int as uploads`,
    [ownerId],
  );
  return rows[0]!;
}

const FILE = 'smiles,name\nCCO,ethanol\nC1CC,broken\nOCC,ethanol again\nc1ccccc1,benzene\n[NH4+],ammonium\n';

describe('createBatchFromUpload', () => {
  it('writes the batch, its molecules, calculations, items (invalid rows too) and one job per calculation', async () => {
    const user = await createUser('researcher', 'batch-create');
    const uploadId = await staged(user, 'first.csv', FILE);
    const created = await createBatchFromUpload(user, { uploadId, name: 'First batch', params });
    expect(created).toMatchObject({ calculations: 3, invalidItems: 1, moleculesCreated: 3 });
    expect(await countsFor(user.id)).toEqual({ batches: 1, molecules: 3, calculations: 3, items: 4, jobs: 3, uploads: 0 });

    const { rows: items } = await getPool().query(
      `select i.source_row, i.status, i.input_name, i.duplicate_rows, i.error_message, c.charge, c.method, c.task, c.batch_id
         from public.batch_items i left join public.calculations c on c.id = i.calculation_id
        where i.batch_id = $1 order by i.source_row`,
      [created.batchId],
    );
    expect(items.map((i) => [i.source_row, i.status, i.input_name])).toEqual([
      [1, 'queued', 'ethanol'],
      [2, 'invalid', null],
      [4, 'queued', 'benzene'],
      [5, 'queued', 'ammonium'],
    ]);
    expect(items[0].duplicate_rows).toEqual([3]);
    expect(items[1].error_message).toMatch(/unclosed ring/);
    expect(items[3].charge).toBe(1);
    expect(items[0]).toMatchObject({ method: 'gfn2', task: 'sp', batch_id: created.batchId });
    const { rows: batch } = await getPool().query('select status, source_filename, parameters from public.batch_jobs where id = $1', [created.batchId]);
    expect(batch[0]).toMatchObject({ status: 'running', source_filename: 'first.csv' });
    expect(batch[0].parameters.method).toBe('gfn2');
  });

  it("records each calculation's own job at insert and the dashboard's created count once per group", async () => {
    const user = await createUser('researcher', 'batch-job-ids');
    const created = await createBatchFromUpload(user, { uploadId: await staged(user, 'ids.csv', 'smiles\nCCO\nCCN\nCCCl\n'), name: 'ids', params });
    const { rows } = await getPool().query<{ id: string; job_id: string; job_data: { calculationId: string } }>(
      `select c.id, c.job_id, j.data as job_data from public.calculations c join pgboss.job j on j.id::text = c.job_id where c.batch_id = $1`,
      [created.batchId],
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.job_data.calculationId).toBe(row.id);
    // The setting that asks for it lasts for the bulk insert only.
    const { rows: setting } = await getPool().query(`select current_setting('qf.job_id_is_calculation_id', true) as value`);
    expect(setting[0].value ?? '').not.toBe('on');
    // The dashboard counts the three as created (deltas not yet folded in, or already in the rollups).
    const { rows: counted } = await getPool().query<{ n: number }>(
      `select coalesce((select sum(n) from public.dashboard_rollup_deltas where kind = 'created' and dim = $1), 0)::int
            + coalesce((select sum(n) from public.dashboard_rollups where grain = 'hour' and kind = 'created' and dim = $1), 0)::int as n`,
      [user.id],
    );
    expect(counted[0]!.n).toBe(3);
  });

  it("reuses the owner's existing molecules instead of creating them again", async () => {
    const user = await createUser('researcher', 'batch-reuse');
    await createBatchFromUpload(user, { uploadId: await staged(user, 'a.csv', 'smiles\nCCO\nCCN\n'), name: 'one', params });
    const second = await createBatchFromUpload(user, { uploadId: await staged(user, 'b.csv', 'smiles\nOCC\nCCCl\n'), name: 'two', params });
    expect(second.moleculesCreated).toBe(1);
    expect(await countsFor(user.id)).toMatchObject({ batches: 2, molecules: 3, calculations: 4, jobs: 4 });
  });

  it('leaves nothing behind when interrupted between the rows and the jobs', async () => {
    const user = await createUser('researcher', 'batch-atomic');
    const uploadId = await staged(user, 'a.csv', FILE);
    const before = await countsFor(user.id);
    let reached = false;
    await expect(
      createBatchFromUpload(
        user,
        { uploadId, name: 'interrupted', params },
        {
          beforeEnqueue: async (db) => {
            // The rows are there inside the transaction at this point…
            const { rows } = await db.query<{ n: number }>('select count(*)::int as n from public.calculations where owner_id = (select auth.uid())');
            expect(rows[0]!.n).toBe(3);
            reached = true;
            throw new Error('connection lost');
          },
        },
      ),
    ).rejects.toThrow('connection lost');
    expect(reached).toBe(true);
    // …and none of them after: no batch, molecule, calculation, item or job; the upload can be used again.
    expect(await countsFor(user.id)).toEqual(before);
    expect(before).toMatchObject({ batches: 0, molecules: 0, calculations: 0, items: 0, jobs: 0, uploads: 1 });
    const created = await createBatchFromUpload(user, { uploadId, name: 'retried', params });
    expect(created.calculations).toBe(3);
  });

  it('leaves nothing behind when a statement fails in the middle (a database error)', async () => {
    const user = await createUser('researcher', 'batch-atomic-db');
    const uploadId = await staged(user, 'a.csv', FILE);
    await expect(
      createBatchFromUpload(
        user,
        { uploadId, name: 'broken', params },
        {
          beforeEnqueue: async (db) => {
            await db.query('select 1/0');
          },
        },
      ),
    ).rejects.toThrow(/division by zero/);
    expect(await countsFor(user.id)).toMatchObject({ batches: 0, molecules: 0, calculations: 0, items: 0, jobs: 0, uploads: 1 });
  });

  it('creates one batch per upload, and only for its uploader', async () => {
    const user = await createUser('researcher', 'batch-once');
    const other = await createUser('researcher', 'batch-other');
    const uploadId = await staged(user, 'a.csv', FILE);
    const refused = await createBatchFromUpload(other, { uploadId, name: 'not mine', params }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as UserError).code).toBe('NOT_FOUND');
    const [a, b] = await Promise.allSettled([
      createBatchFromUpload(user, { uploadId, name: 'click', params }),
      createBatchFromUpload(user, { uploadId, name: 'double click', params }),
    ]);
    expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected']);
    expect(await countsFor(user.id)).toMatchObject({ batches: 1, calculations: 3 });
    expect(await countsFor(other.id)).toMatchObject({ batches: 0, calculations: 0 });
  });

  it('refuses viewers and invalid parameters with reasons in words', async () => {
    const viewer = await createUser('viewer', 'batch-viewer');
    await expect(createBatchFromUpload(viewer, { uploadId: '00000000-0000-0000-0000-000000000000', name: 'x', params })).rejects.toThrow(
      'Viewers cannot create batches.',
    );
    const user = await createUser('researcher', 'batch-params');
    const uploadId = await staged(user, 'a.csv', FILE);
    const error = (await createBatchFromUpload(user, { uploadId, name: 'x', params: { ...params, etemp: -5 } }).catch((e: unknown) => e)) as UserError;
    expect(error.fieldErrors['params.etemp']).toEqual(['Electronic temperature must be above 0 K.']);
    expect(await countsFor(user.id)).toMatchObject({ batches: 0, uploads: 1 });
  });

  it('moves each item with its calculation and completes the batch when the last one ends', async () => {
    const user = await createUser('researcher', 'batch-follow');
    const created = await createBatchFromUpload(user, { uploadId: await staged(user, 'a.csv', 'smiles\nCCO\nCCN\n'), name: 'follow', params });
    const pool = getPool();
    const { rows: calcs } = await pool.query<{ id: string }>('select id from public.calculations where batch_id = $1 order by id', [created.batchId]);
    await pool.query(`update public.calculations set status = 'running', started_at = now() where id = $1`, [calcs[0]!.id]);
    await pool.query(
      `update public.calculations set status = 'failed', finished_at = now(), error_type = 'convergence', error_message = 'SCF did not converge' where id = $1`,
      [calcs[1]!.id],
    );
    const progress = async () =>
      (await pool.query('select running, failed, done, total from public.batch_job_progress where batch_id = $1', [created.batchId])).rows[0];
    expect(await progress()).toEqual({ running: 1, failed: 1, done: 1, total: 2 });
    const { rows: failedItem } = await pool.query('select error_type, error_message from public.batch_items where calculation_id = $1', [calcs[1]!.id]);
    expect(failedItem[0]).toEqual({ error_type: 'convergence', error_message: 'SCF did not converge' });
    expect((await pool.query('select status from public.batch_jobs where id = $1', [created.batchId])).rows[0].status).toBe('running');
    await pool.query(`update public.calculations set status = 'cancelled', finished_at = now() where id = $1`, [calcs[0]!.id]);
    const { rows: batch } = await pool.query('select status, finished_at from public.batch_jobs where id = $1', [created.batchId]);
    expect(batch[0].status).toBe('completed');
    expect(batch[0].finished_at).not.toBeNull();
  });
});
