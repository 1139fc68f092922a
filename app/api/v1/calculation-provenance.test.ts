// Where an imported calculation came from, as its readers see it: the result page's detail and the
// REST API's calculation carry the import record for whoever may see the calculation, nobody else
// learns of it, and a calculation run here has none.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculationDetailSchema } from '@/lib/api/schemas';
import { readCalculationProvenance } from '@/lib/calculations/calculation-provenance';
import { getCalculation } from '@/lib/calculations/get-calculation';
import { asUser } from '@/lib/db/as-user';
import { closePool } from '@/lib/db/pool';
import { asService } from '@/lib/db/service';
import { createTestUser, type TestUser } from '@/supabase/tests/create-test-user';
import * as one from './calculations/[id]/route';
import * as spec from './openapi.json/route';
import { apiCast, apiRequest, idParams } from './test-support';

const WATER = '3\nwater\nO 0.000000 0.000000 0.117300\nH 0.000000 0.757200 -0.469200\nH 0.000000 -0.757200 -0.469200\n';

let cast: Awaited<ReturnType<typeof apiCast>>;
let admin: TestUser;
let imported: string;
let computedHere: string;

/** A finished water calculation of the owner, written as the importer or the worker would. */
async function storedCalculation(ownerId: string, name: string): Promise<string> {
  return asService(async (db) => {
    const inchikey = `${randomBytes(7).toString('hex').toUpperCase().replace(/[0-9]/g, 'A').slice(0, 14)}-AAAAAAAAAA-N`;
    const mol = await db.query<{ id: string }>(
      `insert into public.molecules (owner_id, name, inchikey, formula) values ($1, 'water', $2, 'H2O') returning id`,
      [ownerId, inchikey],
    );
    const calc = await db.query<{ id: string }>(
      `insert into public.calculations (molecule_id, owner_id, name, method, task, input_xyz, input_hash, status, total_energy, finished_at)
       values ($1, $2, $3, 'gfn2', 'sp', $4, $5, 'succeeded', -5.070544, now()) returning id`,
      [mol.rows[0]!.id, ownerId, name, WATER, randomBytes(32).toString('hex')],
    );
    return calc.rows[0]!.id;
  });
}

beforeAll(async () => {
  [cast, admin] = await Promise.all([apiCast('provenance'), createTestUser({ role: 'admin', label: 'provenance-admin' })]);
  imported = await storedCalculation(cast.alice.id, 'imported water');
  computedHere = await storedCalculation(cast.alice.id, 'computed water');
  await asService((db) =>
    db.query(
      `insert into public.calculation_imports (calculation_id, owner_id, content_hash, source_path, source_host, source_files, xtb_version, command_line)
       values ($1, $2, $3, '/data/runs/water-sp', 'lab-node-7', '{water.xyz,xtb.out,xtbout.json}', '6.5.1 (unknown)', 'xtb water.xyz --gfn 2 --json')`,
      [imported, cast.alice.id, randomBytes(32).toString('hex')],
    ),
  );
});

afterAll(async () => {
  await asService((db) => db.query('delete from public.calculations where id = any($1)', [[imported, computedHere]]));
  await closePool();
});

const expected = {
  sourcePath: '/data/runs/water-sp',
  sourceHost: 'lab-node-7',
  sourceFiles: ['water.xyz', 'xtb.out', 'xtbout.json'],
  xtbVersion: '6.5.1 (unknown)',
  commandLine: 'xtb water.xyz --gfn 2 --json',
};

describe('provenance of imported calculations', () => {
  it('is read for the owner and an admin, with when it was imported', async () => {
    const own = await asUser(cast.alice.claims, (db) => readCalculationProvenance(db, imported));
    expect(own).toMatchObject(expected);
    expect(Date.parse(own!.importedAt)).toBeGreaterThan(Date.now() - 600_000);
    expect((await getCalculation(admin.claims, imported))?.provenance).toMatchObject(expected);
  });

  it('is hidden from another user, like the calculation itself', async () => {
    expect(await asUser(cast.bob.claims, (db) => readCalculationProvenance(db, imported))).toBeNull();
    expect(await getCalculation(cast.bob.claims, imported)).toBeNull();
  });

  it('is absent for a calculation run here', async () => {
    const detail = await getCalculation(cast.alice.claims, computedHere);
    expect(detail).not.toBeNull();
    expect(detail).not.toHaveProperty('provenance');
  });

  it("is in the API's calculation detail, which the OpenAPI document describes", async () => {
    const response = await one.GET(apiRequest(`/calculations/${imported}`, { key: cast.aliceKey }), idParams(imported));
    expect(response.status).toBe(200);
    const detail = calculationDetailSchema.parse(await response.json());
    expect(detail.provenance).toMatchObject(expected);
    const plain = await one.GET(apiRequest(`/calculations/${computedHere}`, { key: cast.aliceKey }), idParams(computedHere));
    expect(calculationDetailSchema.parse(await plain.json()).provenance).toBeUndefined();
    const doc = (await spec.GET().json()) as { components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    expect(Object.keys(doc.components.schemas.CalculationProvenance!.properties!)).toEqual(
      expect.arrayContaining(['sourcePath', 'sourceHost', 'sourceFiles', 'xtbVersion', 'commandLine', 'importedAt']),
    );
    expect(JSON.stringify(doc.components.schemas.CalculationDetail!.properties!.provenance)).toContain('CalculationProvenance');
  });
});
