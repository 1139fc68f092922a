// The results list compares energies within one method only, and marks runs a chemist must read
// with care (warnings, a raised electronic temperature). Real database, rows made with asService.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePool } from '../db/pool.ts';
import { asService } from '../db/service.ts';
import { parseResultsQuery } from '../results/results-query.ts';
import { createTestUser, type TestUser } from '../../supabase/tests/create-test-user.ts';
import { listCalculations } from './list-calculations.ts';

const WATER = '3\nwater\nO 0 0 0.1173\nH 0 0.7572 -0.4692\nH 0 -0.7572 -0.4692\n';

let user: TestUser;
const ids: Record<string, string> = {};

beforeAll(async () => {
  user = await createTestUser({ role: 'researcher', label: 'list-energies' });
  await asService(async (db) => {
    const inchikey = `${'A'.repeat(14)}-${randomBytes(5).toString('hex').toUpperCase().replace(/[0-9]/g, 'B')}-N`;
    const mol = await db.query<{ id: string }>(
      `insert into public.molecules (owner_id, name, inchikey, formula) values ($1, 'water', $2, 'H2O') returning id`,
      [user.id, inchikey],
    );
    const rows: [string, string, number, number | null, string][] = [
      ['gfn2', 'gfn2', -5.07, 300, '[]'],
      ['gfnff', 'gfnff', -0.3, null, '[]'],
      [
        'gfn1',
        'gfn1',
        -5.77,
        600,
        '[{"code":"RAISED_ETEMP","message":"The SCC converged only after the electronic temperature was raised to 600 K (requested 300 K)."}]',
      ],
    ];
    for (const [key, method, energy, effective, warnings] of rows) {
      const { rows: r } = await db.query<{ id: string }>(
        `insert into public.calculations (molecule_id, owner_id, name, method, task, input_xyz, input_hash, status, total_energy, etemp, effective_etemp, warnings)
         values ($1, $2, $3, $4, 'sp', $5, $6, 'succeeded', $7, 300, $8, $9::jsonb) returning id`,
        [mol.rows[0]!.id, user.id, `list ${key}`, method, WATER, randomBytes(32).toString('hex'), energy, effective, warnings],
      );
      ids[key] = r[0]!.id;
    }
  });
});

afterAll(async () => {
  await asService((db) => db.query('delete from public.calculations where id = any($1)', [Object.values(ids)]));
  await closePool();
});

const list = (params: Record<string, string>) => listCalculations(user.claims, parseResultsQuery({ size: '100', ...params }), 'hartree');

describe('results list', () => {
  it('sorts by energy within each method when no method is chosen', async () => {
    const page = await list({ sort: 'energy', dir: 'asc' });
    expect(page.items.map((i) => i.method)).toEqual(['gfn1', 'gfn2', 'gfnff']);
  });

  it('applies an energy range only together with a method filter', async () => {
    expect((await list({ emax: '-5.5' })).total).toBe(3);
    const within = await list({ method: 'gfn2', emax: '-5.5' });
    expect(within.total).toBe(0);
    expect((await list({ method: 'gfn1', emax: '-5.5' })).items.map((i) => i.id)).toEqual([ids.gfn1]);
  });

  it('marks warnings and a raised electronic temperature', async () => {
    const items = new Map((await list({})).items.map((i) => [i.id, i]));
    expect(items.get(ids.gfn1!)).toMatchObject({ warningCount: 1, raisedEtemp: true });
    expect(items.get(ids.gfn2!)).toMatchObject({ warningCount: 0, raisedEtemp: false });
    expect(items.get(ids.gfnff!)).toMatchObject({ warningCount: 0, raisedEtemp: false });
  });
});
