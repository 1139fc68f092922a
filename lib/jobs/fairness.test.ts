// Fair scheduling between users, with real workers and xtb on a queue of this file's own (so no
// other file's workers take or add jobs and the order seen here is the queue's own): a big batch
// does not hold back another user's single calculation, and two users' batches progress together.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePool, getPool } from '../db/pool.ts';
import { DEFAULT_CALCULATION_PARAMS } from '../calculations/parameters.ts';
import { cancelBatch } from '../batches/control-batch.ts';
import { stopBoss } from './queue.ts';
import { submitCalculation, type SubmittingUser } from './submit-calculation.ts';
import { createCsvBatch, createUser, smallMoleculesCsv, waitForStatus, waitUntil } from './test-support.ts';
import { ownCalculationQueue } from './test-queue.ts';
import { startWorker, type WorkerHandle } from './worker.ts';

ownCalculationQueue('fairness');
process.env.OMP_NUM_THREADS = '1';

const CONCURRENCY = 2;
// Cheap work: GFN-FF single points of small molecules (each a few tenths of a second with embedding).
const params = { ...DEFAULT_CALCULATION_PARAMS, method: 'gfnff' as const, task: 'sp' as const };
let worker: WorkerHandle;

beforeAll(async () => {
  worker = await startWorker({ concurrency: CONCURRENCY, log: () => {} });
});

afterAll(async () => {
  await worker?.stop();
  await stopBoss();
  await closePool();
});

async function batchOf(user: SubmittingUser, n: number, tag: string): Promise<string> {
  const { batchId, calculations } = await createCsvBatch(user, tag, smallMoleculesCsv(n, tag), params);
  expect(calculations).toBe(n);
  return batchId;
}

type Started = { owner_id: string; started_at: Date; status: string };
async function startedOf(ownerIds: string[]): Promise<Started[]> {
  const { rows } = await getPool().query<Started>(
    `select owner_id, started_at, status from public.calculations
      where owner_id = any($1::uuid[]) and started_at is not null order by started_at`,
    [ownerIds],
  );
  return rows;
}

describe('fair scheduling between users', () => {
  it("another user's single calculation starts within one running job of a big batch", async () => {
    const [a, b] = await Promise.all([createUser('researcher', 'fair-big'), createUser('researcher', 'fair-single')]);
    const batchId = await batchOf(a, 40, 'big');
    // The big batch is running: a few of its items are done.
    await waitUntil(async () => (await startedOf([a.id])).filter((r) => r.status === 'succeeded').length >= 4, 60_000, 'the big batch to start');

    const single = await submitCalculation(b, { format: 'smiles', text: 'CCOC', name: 'single', params });
    const done = await waitForStatus(single.calculationId, ['succeeded'], 60_000);
    const startedBetween = (await startedOf([a.id])).filter((r) => r.started_at > done.queued_at! && r.started_at < done.started_at!);
    const { rows } = await getPool().query<{ waiting: number }>(
      `select count(*)::int as waiting from public.calculations where batch_id = $1 and (started_at is null or started_at > $2)`,
      [batchId, done.started_at],
    );
    await cancelBatch(a, batchId);
    // It took a next free slot: at most one of the batch's jobs per slot started before it (a slot
    // can fetch the queue's head just before the submission commits and stamp started_at just after),
    // while most of the batch was still waiting. Without the priorities, the whole batch goes first.
    expect(startedBetween.length).toBeLessThanOrEqual(CONCURRENCY);
    expect(rows[0]!.waiting).toBeGreaterThan(20);
  }, 120_000);

  it("two users' batches of 20 progress at similar rates", async () => {
    const [a, b] = await Promise.all([createUser('researcher', 'fair-first'), createUser('researcher', 'fair-second')]);
    // Both batches wait before any worker looks (on a loaded machine the second would otherwise find
    // an unknown part of the first already done): then the order is the queue's alone.
    await worker.stop();
    const batchA = await batchOf(a, 20, 'first');
    const batchB = await batchOf(b, 20, 'second');
    worker = await startWorker({ concurrency: CONCURRENCY, log: () => {} });
    // Half of the 40 have started: each user's share of them.
    const started = await waitUntil(
      async () => {
        const rows = await startedOf([a.id, b.id]);
        return rows.length >= 20 ? rows.slice(0, 20) : null;
      },
      90_000,
      'twenty calculations to start',
    );
    await Promise.all([cancelBatch(a, batchA), cancelBatch(b, batchB)]);
    const ofA = started.filter((r) => r.owner_id === a.id).length;
    // They alternate (A first at each tie, being older): 10 each, give or take the order within a fetch.
    expect(ofA).toBeGreaterThanOrEqual(8);
    expect(ofA).toBeLessThanOrEqual(12);
  }, 120_000);
});
