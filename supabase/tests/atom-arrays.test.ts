// calculation_atom_arrays: each calculation's per-atom arrays as JSON, kept by triggers from
// atomic_properties (the exports read them). They must hold exactly the stored atoms, follow every
// change of them, and be visible exactly when the calculation is.
import { afterAll, describe, expect, it } from 'vitest';
import { asUser } from '../../lib/db/as-user.ts';
import { asService } from '../../lib/db/service.ts';
import { insertAtoms } from '../../lib/calculations/attempt-records.ts';
import { createTestUser, type TestUser } from './create-test-user.ts';
import { useSuperuserClient } from './superuser-client.ts';

const WATER_XYZ = '3\nwater\nO 0 0 0.1173\nH 0 0.7572 -0.4692\nH 0 -0.7572 -0.4692\n';

// Values whose shortest decimal form is long, and one without a gradient.
const ATOMS = [
  {
    index: 0,
    element: 'O',
    charge: -0.5631457819,
    x: 0.1 + 0.2,
    y: -1e-7,
    z: 0.117300000001,
    force: [1.2345678901234e-5, -3e-300, 0] as [number, number, number],
  },
  { index: 1, element: 'H', charge: 0.28157, x: 0, y: 0.7572, z: -0.4692, force: null },
  { index: 2, element: 'Cl', charge: null, x: 123456.789, y: -0.7572, z: -0.4692, force: [0, 0, -5e-5] as [number, number, number] },
];

describe('the atom arrays of a stored result', () => {
  let owner: TestUser;
  let stranger: TestUser;
  let admin: TestUser;
  const db = useSuperuserClient(async () => {
    owner = await createTestUser({ label: 'arrays-owner' });
    stranger = await createTestUser({ label: 'arrays-stranger' });
    admin = await createTestUser({ label: 'arrays-admin', role: 'admin' });
  });
  const created: string[] = [];
  afterAll(async () => {
    await db.query('delete from public.calculations where molecule_id = any ($1)', [created]);
    await db.query('delete from public.molecules where id = any ($1)', [created]);
  });

  /** A calculation of the owner's (no atoms yet). */
  async function calculation(): Promise<string> {
    const { rows } = await db.query<{ id: string }>(
      `insert into public.molecules (owner_id, name, geometry_hash, source_format, input_xyz)
       values ($1, 'water', encode(sha256(gen_random_uuid()::text::bytea), 'hex'), 'xyz', $2) returning id`,
      [owner.id, WATER_XYZ],
    );
    created.push(rows[0]!.id);
    const calc = await db.query<{ id: string }>(
      `insert into public.calculations (molecule_id, owner_id, input_xyz, input_hash)
       values ($1, $2, $3, encode(sha256(gen_random_uuid()::text::bytea), 'hex')) returning id`,
      [rows[0]!.id, owner.id, WATER_XYZ],
    );
    return calc.rows[0]!.id;
  }

  async function arraysOf(id: string) {
    const { rows } = await db.query<Record<string, string>>(
      'select elements, charges, positions, forces from public.calculation_atom_arrays where calculation_id = $1',
      [id],
    );
    // JSON text, compact (no spaces), as the exports write it.
    for (const text of Object.values(rows[0] ?? {})) expect(text).not.toContain(' ');
    return rows[0] ? Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, JSON.parse(v)])) : null;
  }

  it('hold the stored atoms in atom order, every double exactly, null where nothing was computed', async () => {
    const id = await calculation();
    // The worker's writer, in the order a parser might hand them over.
    await asService((s) => insertAtoms(s, id, [ATOMS[2]!, ATOMS[0]!, ATOMS[1]!]));
    const arrays = await arraysOf(id);
    expect(arrays).toEqual({
      elements: ['O', 'H', 'Cl'],
      charges: [ATOMS[0]!.charge, ATOMS[1]!.charge, null],
      positions: ATOMS.map((a) => [a.x, a.y, a.z]),
      forces: [ATOMS[0]!.force, null, ATOMS[2]!.force],
    });
  });

  it('follow later inserts, deletes and updates of the atom rows, and go with the calculation', async () => {
    const id = await calculation();
    await asService((s) => insertAtoms(s, id, [ATOMS[0]!]));
    await asService((s) => insertAtoms(s, id, [ATOMS[1]!, ATOMS[2]!]));
    expect((await arraysOf(id))!.elements).toEqual(['O', 'H', 'Cl']);

    await db.query('update public.atomic_properties set x = 9.5 where calculation_id = $1 and atom_index = 1', [id]);
    expect((await arraysOf(id))!.positions[1]).toEqual([9.5, 0.7572, -0.4692]);

    // An admin's delete (the only delete users may make) passes the policy; the arrays follow.
    await asUser(admin.claims, (a) => a.query('delete from public.atomic_properties where calculation_id = $1 and atom_index = 2', [id]));
    expect((await arraysOf(id))!.elements).toEqual(['O', 'H']);
    await db.query('delete from public.atomic_properties where calculation_id = $1', [id]);
    expect(await arraysOf(id)).toBeNull();

    await asService((s) => insertAtoms(s, id, ATOMS));
    await db.query('delete from public.calculations where id = $1', [id]);
    expect(await arraysOf(id)).toBeNull();
  });

  it('are seen by the owner and admins, by nobody else, and written by nobody but the triggers', async () => {
    const id = await calculation();
    await asService((s) => insertAtoms(s, id, ATOMS));
    const seen = (u: TestUser) =>
      asUser(u.claims, async (c) => (await c.query('select count(*)::int as n from public.calculation_atom_arrays where calculation_id = $1', [id])).rows[0].n);
    expect(await seen(owner)).toBe(1);
    expect(await seen(admin)).toBe(1);
    expect(await seen(stranger)).toBe(0);

    for (const statement of [
      `insert into public.calculation_atom_arrays (calculation_id, elements, charges, positions, forces) values ($1, '[]', '[]', '[]', '[]')`,
      `update public.calculation_atom_arrays set elements = '["U"]' where calculation_id = $1`,
      `delete from public.calculation_atom_arrays where calculation_id = $1`,
    ]) {
      for (const u of [owner, admin]) {
        await expect(asUser(u.claims, (c) => c.query(statement, [id]))).rejects.toMatchObject({ code: '42501' });
      }
    }
    await expect(asUser(owner.claims, (c) => c.query('select public.calculation_atom_arrays_of(array[$1::uuid])', [id]))).rejects.toMatchObject({
      code: '42501',
    });
    expect((await arraysOf(id))!.elements).toEqual(['O', 'H', 'Cl']);
  });
});
