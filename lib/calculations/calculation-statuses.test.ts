// The live status the result page polls, against the real PostgreSQL: the queue position of a
// queued calculation and the optimisation progress the worker records for a running one (this
// attempt's only), each visible only to whoever may read the calculation. The rows are inserted
// directly (no pg-boss job), so no worker of another test file moves them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser } from '../db/as-user.ts';
import { closePool, getPool } from '../db/pool.ts';
import { recordProgress } from '../jobs/run-calculation.ts';
import { createTestUser, type TestUser } from '../../supabase/tests/create-test-user.ts';
import { getCalculationStatuses, progressOf } from './calculation-statuses.ts';

const WATER_XYZ = '3\nwater\nO 0 0 0.1173\nH 0 0.7572 -0.4692\nH 0 -0.7572 -0.4692\n';
let alice: TestUser;
let bob: TestUser;
let first: string;
let second: string;

beforeAll(async () => {
  [alice, bob] = await Promise.all([createTestUser({ label: 'status-alice' }), createTestUser({ label: 'status-bob' })]);
  const molecule = await asUser(alice.claims, async (db) => {
    const { rows } = await db.query<{ id: string }>(
      `insert into public.molecules (owner_id, name, geometry_hash, source_format, input_xyz)
       values ((select auth.uid()), 'water', encode(sha256(gen_random_uuid()::text::bytea), 'hex'), 'xyz', $1) returning id`,
      [WATER_XYZ],
    );
    return rows[0]!.id;
  });
  // Two transactions: the second is queued after the first.
  const submit = () =>
    asUser(alice.claims, async (db) => {
      const { rows } = await db.query<{ id: string }>(
        `insert into public.calculations (molecule_id, owner_id, input_xyz, input_hash)
         values ($1, (select auth.uid()), $2, encode(sha256(gen_random_uuid()::text::bytea), 'hex')) returning id`,
        [molecule, WATER_XYZ],
      );
      return rows[0]!.id;
    });
  first = await submit();
  second = await submit();
});
afterAll(async () => {
  await getPool().query('delete from public.calculations where id = any($1::uuid[])', [[first, second]]);
  await closePool();
});

const statusOf = async (user: TestUser, id: string) => (await getCalculationStatuses(user.claims, [id]))[0];

describe('live status', () => {
  it("a queued calculation knows how many are queued before it (anyone's), a running one its optimisation step", async () => {
    // One snapshot for both (other test files queue and run their own calculations meanwhile).
    const [a, b] = await getCalculationStatuses(alice.claims, [first, second]).then((all) => [first, second].map((id) => all.find((s) => s.id === id)!));
    expect(a!.status).toBe('queued');
    expect(a!.queuedAhead).toBeGreaterThanOrEqual(0);
    expect(b!.queuedAhead).toBeGreaterThanOrEqual(a!.queuedAhead! + 1); // the first is ahead of the second
    expect(a!.progress).toBeNull();

    // The worker claims the first (attempt 1) and records a cycle, as runXtb's progress callback does.
    await getPool().query(`update public.calculations set status = 'running', attempts = 1, started_at = now() where id = $1`, [first]);
    await recordProgress(first, 1, { step: 7, energyEh: -5.0705, gradientNormEhPerBohr: 0.00042 });
    const running = (await statusOf(alice, first))!;
    expect(running).toMatchObject({ status: 'running', queuedAhead: null, progress: { step: 7, energyEh: -5.0705, gradientNorm: 0.00042 } });
    expect(running.startedAt).not.toBeNull();
    // The second no longer counts the first, which runs.
    const after = (await statusOf(alice, second))!;
    expect(after.status).toBe('queued');
    expect(after.queuedAhead).toBeGreaterThanOrEqual(0);

    // An attempt that was given up on cannot write over the current one.
    await recordProgress(first, 2, { step: 99, energyEh: -1, gradientNormEhPerBohr: 1 });
    expect((await statusOf(alice, first))!.progress!.step).toBe(7);
  });

  it('shows progress only while running and only for the current attempt', () => {
    const stored = { attempt: 2, step: 3, energy_eh: -1.5, gradient_norm: 0.01 };
    expect(progressOf('running', 2, stored)).toEqual({ step: 3, energyEh: -1.5, gradientNorm: 0.01 });
    expect(progressOf('running', 3, stored)).toBeNull(); // a retry that has not logged a cycle yet
    expect(progressOf('succeeded', 2, stored)).toBeNull();
    expect(progressOf('running', 2, { attempt: 2, step: 3 })).toBeNull();
  });

  it('another user sees nothing of them, and cannot write the progress column', async () => {
    expect(await getCalculationStatuses(bob.claims, [first, second])).toEqual([]);
    await expect(asUser(bob.claims, (db) => db.query(`update public.calculations set progress = '{}' where id = $1`, [first]))).rejects.toThrow(
      /permission denied/,
    );
    await expect(asUser(alice.claims, (db) => db.query(`update public.calculations set progress = '{}' where id = $1`, [first]))).rejects.toThrow(
      /permission denied/,
    );
  });
});
