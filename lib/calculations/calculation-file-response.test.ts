// The download route's answer is the database's visibility: the owner gets the file, another user
// the same 404 problem document as for an id that does not exist.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePool } from '../db/pool.ts';
import { asService } from '../db/service.ts';
import { createTestUser, type TestUser } from '../../supabase/tests/create-test-user.ts';
import { calculationFileResponse } from './calculation-file-response.ts';

const WATER = '3\nwater\nO 0.000000 0.000000 0.117300\nH 0.000000 0.757200 -0.469200\nH 0.000000 -0.757200 -0.469200\n';

let owner: TestUser;
let other: TestUser;
let calcId: string;

beforeAll(async () => {
  owner = await createTestUser({ role: 'researcher', label: 'download-owner' });
  other = await createTestUser({ role: 'researcher', label: 'download-other' });
  calcId = await asService(async (db) => {
    const inchikey = `${randomBytes(7).toString('hex').toUpperCase().replace(/[0-9]/g, 'A').slice(0, 14)}-AAAAAAAAAA-N`;
    const mol = await db.query<{ id: string }>(
      `insert into public.molecules (owner_id, name, inchikey, formula) values ($1, 'water', $2, 'H2O') returning id`,
      [owner.id, inchikey],
    );
    const calc = await db.query<{ id: string }>(
      `insert into public.calculations (molecule_id, owner_id, name, method, task, input_xyz, input_hash, optimized_xyz, status, total_energy)
       values ($1, $2, 'Water download', 'gfn2', 'opt', $3, $4, $5, 'succeeded', -5.070544) returning id`,
      [mol.rows[0]!.id, owner.id, WATER, randomBytes(32).toString('hex'), WATER.replace('water', 'optimised')],
    );
    return calc.rows[0]!.id;
  });
});

afterAll(async () => {
  await asService((db) => db.query('delete from public.calculations where id = $1', [calcId]));
  await closePool();
});

describe('calculation download', () => {
  it('gives the owner the optimised XYZ as an attachment with a safe name', async () => {
    const response = await calculationFileResponse(owner.claims, calcId, 'optimized.xyz');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="Water_download.optimized.xyz"');
    expect(await response.text()).toContain('optimised');
  });

  it('gives the owner the results JSON', async () => {
    const response = await calculationFileResponse(owner.claims, calcId, 'results.json');
    expect(response.status).toBe(200);
    expect((await response.json()).totalEnergy).toBe(-5.070544);
  });

  it("answers another user's request exactly like a missing calculation", async () => {
    const foreign = await calculationFileResponse(other.claims, calcId, 'optimized.xyz');
    const missing = await calculationFileResponse(other.claims, randomUUID(), 'optimized.xyz');
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('content-type')).toBe('application/problem+json');
    expect(await foreign.json()).toEqual(await missing.json());
  });

  it('answers 404 for a file the calculation does not have or that does not exist', async () => {
    expect((await calculationFileResponse(owner.claims, calcId, 'trajectory.xyz')).status).toBe(404);
    expect((await calculationFileResponse(owner.claims, calcId, '..%2Fsecret')).status).toBe(404);
  });
});
