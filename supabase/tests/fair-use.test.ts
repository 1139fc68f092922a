// Fair use, enforced by the database for every path: per-account limits on calculations queued or
// running and on submissions per minute, a batch accepted or refused as a whole, and the editor's
// submission refused with the database's message and nothing stored. Limits are set per test user
// (usage_limits rows with user_id), so the defaults other test files rely on are never touched.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser } from '../../lib/db/as-user.ts';
import { closePool, getPool } from '../../lib/db/pool.ts';
import { asService } from '../../lib/db/service.ts';
import { UserError } from '../../lib/errors/user-error.ts';
import { stopBoss } from '../../lib/jobs/queue.ts';
import { ownCalculationQueue } from '../../lib/jobs/test-queue.ts';
import { rerunCalculation } from '../../lib/jobs/rerun-calculation.ts';
import { submitCalculation, type SubmittingUser } from '../../lib/jobs/submit-calculation.ts';
import { DEFAULT_CALCULATION_PARAMS } from '../../lib/validation/calculation.ts';
import { createTestUser, type TestUser } from './create-test-user.ts';

// The editor test's calculations go to this file's own queue, where no worker takes them: they stay
// queued (and count against the limit) until the file ends.
ownCalculationQueue('fair-use');

const WATER_XYZ = '3\nwater\nO 0 0 0.1173\nH 0 0.7572 -0.4692\nH 0 -0.7572 -0.4692\n';
const users: TestUser[] = [];

async function userWithLimits(limits: { active?: number | null; perMinute?: number | null }): Promise<TestUser & { molecule: string }> {
  const u = await createTestUser({ label: 'fair-use' });
  users.push(u);
  const molecule = await asService(async (db) => {
    for (const [name, value] of [
      ['max_active_calculations', limits.active],
      ['max_submissions_per_minute', limits.perMinute],
    ] as const) {
      if (value !== undefined) await db.query(`insert into public.usage_limits (name, user_id, value) values ($1, $2, $3)`, [name, u.id, value]);
    }
    const { rows } = await db.query(
      `insert into public.molecules (owner_id, name, geometry_hash, source_format, input_xyz) values ($1, 'water', encode(sha256(gen_random_uuid()::text::bytea), 'hex'), 'xyz', $2) returning id`,
      [u.id, WATER_XYZ],
    );
    return rows[0].id as string;
  });
  return { ...u, molecule };
}

/** Submits `n` calculations in ONE statement as the user; resolves to 'ok' or the refusal. */
async function submit(u: TestUser & { molecule: string }, n = 1) {
  try {
    await asUser(u.claims, (db) =>
      db.query(
        `insert into public.calculations (molecule_id, owner_id, input_xyz, input_hash)
         select $1, (select auth.uid()), $2, encode(sha256((gen_random_uuid()::text || i)::bytea), 'hex') from generate_series(1, $3::int) i`,
        [u.molecule, WATER_XYZ, n],
      ),
    );
    return { ok: true as const };
  } catch (error) {
    const e = error as { code?: string; message: string; detail?: string };
    return { ok: false as const, code: e.code, message: e.message, detail: e.detail ? JSON.parse(e.detail) : undefined };
  }
}

async function stored(u: TestUser): Promise<number> {
  const { rows } = await getPool().query(`select count(*)::int as n from public.calculations where owner_id = $1`, [u.id]);
  return rows[0].n;
}

afterAll(async () => {
  await getPool().query(`delete from auth.users where id = any ($1::uuid[])`, [users.map((u) => u.id)]);
  await stopBoss();
  await closePool();
});

describe('queued and running calculations per account', () => {
  it('with a limit of 3, the 4th is refused with the limit in words and nothing of it is stored', async () => {
    const u = await userWithLimits({ active: 3, perMinute: null });
    for (let i = 0; i < 3; i++) expect(await submit(u)).toEqual({ ok: true });
    expect(await submit(u)).toMatchObject({
      ok: false,
      code: 'QFQ01',
      message: 'You have 3 calculations queued or running, the limit for one account; wait for some to finish or cancel some.',
      detail: { limit: 3, active: 3, requested: 1, fits: 0 },
    });
    expect(await stored(u)).toBe(3);
  });

  it('speaks of one calculation in the singular', async () => {
    const u = await userWithLimits({ active: 1, perMinute: null });
    expect(await submit(u)).toEqual({ ok: true });
    expect(await submit(u)).toMatchObject({
      ok: false,
      message: 'You have 1 calculation queued or running, the limit for one account; wait for some to finish or cancel some.',
    });
  });

  it('finished and cancelled calculations do not count', async () => {
    const u = await userWithLimits({ active: 2, perMinute: null });
    expect(await submit(u, 2)).toEqual({ ok: true });
    expect(await submit(u)).toMatchObject({ ok: false, code: 'QFQ01' });
    await asService((db) =>
      db.query(`update public.calculations set status = 'cancelled' where id = (select id from public.calculations where owner_id = $1 limit 1)`, [u.id]),
    );
    expect(await submit(u)).toEqual({ ok: true });
  });

  it('a batch is accepted or refused as a whole, and the refusal says how many fit', async () => {
    const u = await userWithLimits({ active: 5, perMinute: null });
    expect(await submit(u, 2)).toEqual({ ok: true });
    expect(await submit(u, 4)).toMatchObject({
      ok: false,
      code: 'QFQ01',
      message:
        'These 4 calculations do not fit: you have 2 queued or running and the limit for one account is 5, so 3 more fit. Submit fewer, wait for some to finish or cancel some.',
      detail: { limit: 5, active: 2, requested: 4, fits: 3 },
    });
    expect(await stored(u)).toBe(2);
    expect(await submit(u, 3)).toEqual({ ok: true });
    expect(await stored(u)).toBe(5);
  });

  it('a large batch within the limit goes in with one statement', async () => {
    const u = await userWithLimits({ active: 5000, perMinute: 1 });
    const started = performance.now();
    expect(await submit(u, 5000)).toEqual({ ok: true });
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(await stored(u)).toBe(5000);
  });

  it('two submissions at the same moment cannot both slip under the limit', async () => {
    const u = await userWithLimits({ active: 1, perMinute: null });
    const clients = [new pg.Client({ connectionString: process.env.DATABASE_URL }), new pg.Client({ connectionString: process.env.DATABASE_URL })];
    const outcomes: string[] = [];
    try {
      for (const c of clients) {
        await c.connect();
        await c.query('begin');
        await c.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [JSON.stringify(u.claims)]);
      }
      const insert = `insert into public.calculations (molecule_id, owner_id, input_xyz, input_hash)
                      values ($1, $2, $3, encode(sha256(gen_random_uuid()::text::bytea), 'hex'))`;
      await clients[0]!.query(insert, [u.molecule, u.id, WATER_XYZ]);
      // The second waits for the first to finish, then counts the first's row.
      const second = clients[1]!.query(insert, [u.molecule, u.id, WATER_XYZ]).then(
        () => 'accepted',
        (e: { code?: string }) => e.code ?? 'error',
      );
      await clients[0]!.query('commit');
      outcomes.push(await second);
    } finally {
      for (const c of clients) await c.end().catch(() => {});
    }
    expect(outcomes).toEqual(['QFQ01']);
    expect(await stored(u)).toBe(1);
  });
});

describe('submissions per minute', () => {
  it('count transactions, not rows: a batch counts once', async () => {
    const u = await userWithLimits({ active: null, perMinute: 2 });
    expect(await submit(u, 10)).toEqual({ ok: true });
    expect(await submit(u)).toEqual({ ok: true });
    const third = await submit(u);
    expect(third).toMatchObject({ ok: false, code: 'QFQ02' });
    if (!third.ok) {
      expect(third.message).toMatch(/^You have made 2 submissions in the last minute, the limit for one account; try again in \d+ seconds?\.$/);
      expect(third.detail.retry_after_seconds).toBeGreaterThanOrEqual(1);
      expect(third.detail.retry_after_seconds).toBeLessThanOrEqual(60);
    }
    expect(await stored(u)).toBe(11);
  });
});

describe('the limits', () => {
  it('default to 20,000 queued or running and 60 submissions a minute, readable by everyone, changed by admins only', async () => {
    const u = await userWithLimits({});
    const admin = await createTestUser({ role: 'admin', label: 'fair-use-admin' });
    users.push(admin);
    const seen = await asUser(u.claims, async (db) => ({
      defaults: (await db.query(`select name, value from public.usage_limits where user_id is null order by name`)).rows,
      changed: (await db.query(`update public.usage_limits set value = 100000 where user_id is null`)).rowCount,
      allowance: (await db.query(`select * from public.calculation_allowance()`)).rows[0],
    }));
    expect(seen).toEqual({
      defaults: [
        { name: 'max_active_calculations', value: 20000 },
        { name: 'max_submissions_per_minute', value: 60 },
      ],
      changed: 0,
      allowance: { active: 0, max_active: 20000, remaining: 20000, submissions_last_minute: 0, max_submissions_per_minute: 60 },
    });
    const nosy = await asUser(u.claims, (db) => db.query(`select * from public.calculation_allowance($1)`, [admin.id])).catch((e: { code?: string }) => e.code);
    expect(nosy).toBe('42501');
    // An admin raises one account's limit; the default stays.
    await asUser(admin.claims, (db) => db.query(`insert into public.usage_limits (name, user_id, value) values ('max_active_calculations', $1, 1000)`, [u.id]));
    const after = await asUser(u.claims, (db) => db.query(`select max_active from public.calculation_allowance()`));
    expect(after.rows[0].max_active).toBe(1000);
  });
});

describe('the editor’s submission', () => {
  let researcher: SubmittingUser;

  beforeAll(async () => {
    const u = await userWithLimits({ active: 3, perMinute: null });
    researcher = { id: u.id, role: 'researcher', claims: u.claims };
  });

  it('with a limit of 3, the 4th submission (and a rerun) is refused with the message and nothing is stored', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const submitted = await submitCalculation(researcher, {
        format: 'xyz',
        text: WATER_XYZ,
        name: 'water',
        params: { ...DEFAULT_CALCULATION_PARAMS, task: 'sp' },
      });
      ids.push(submitted.calculationId);
    }
    const refused = await submitCalculation(researcher, {
      format: 'smiles',
      text: 'C',
      name: 'methane',
      params: { ...DEFAULT_CALCULATION_PARAMS, task: 'sp' },
    }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(UserError);
    expect(refused).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      message: 'You have 3 calculations queued or running, the limit for one account; wait for some to finish or cancel some.',
    });
    const rerun = await rerunCalculation(researcher, ids[0]!).then(
      () => null,
      (error: unknown) => error,
    );
    expect(rerun).toMatchObject({ code: 'QUOTA_EXCEEDED' });

    const { rows } = await getPool().query(
      `select (select count(*)::int from public.calculations where owner_id = $1) as calculations,
              (select count(*)::int from public.molecules where owner_id = $1 and name = 'methane') as methane,
              (select count(*)::int from pgboss.job where data ->> 'calculationId' in (select id::text from public.calculations where owner_id = $1)) as jobs`,
      [researcher.id],
    );
    expect(rows[0]).toEqual({ calculations: 3, methane: 0, jobs: 3 });
  });
});
