// Molecules for /api/v1: create from SMILES/XYZ/MOL/SDF (parsed and de-duplicated exactly as a
// submission does), list as cursor pages, get, delete. All under the caller's RLS.
import 'server-only';
import { z } from 'zod';
import { MOLECULE_FORMATS, parseMoleculeInput } from '../chem/molecule-input.ts';
import { recordAdminActionOnOthers } from '../admin/audit-log.ts';
import { asUser, type JwtClaims } from '../db/as-user.ts';
import { addFieldError, UserError, type FieldErrors } from '../errors/user-error.ts';
import { upsertMolecule } from '../molecules/upsert-molecule.ts';
import { refusedAsForbidden } from '../jobs/submitting-user.ts';
import type { ApiCaller } from './authenticate.ts';

export const createMoleculeBodySchema = z
  .object({
    format: z.enum(MOLECULE_FORMATS),
    text: z.string().min(1).max(2_000_000),
    name: z.string().trim().max(200).optional(),
    charge: z.number().int().min(-10).max(10).optional(),
  })
  .meta({ id: 'CreateMolecule' });

export const moleculeSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    formula: z.string(),
    canonicalSmiles: z.string().nullable(),
    inchikey: z.string().nullable(),
    netCharge: z.number().int(),
    atomCount: z.number().int(),
    sourceFormat: z.string(),
    hasGeometry: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'Molecule' });

export const createdMoleculeSchema = moleculeSchema
  .extend({ created: z.boolean().describe('false: an identical molecule of yours already existed and is returned.') })
  .meta({ id: 'CreatedMolecule' });
export const moleculePageSchema = z.object({ items: z.array(moleculeSchema), next_cursor: z.string().nullable() }).meta({ id: 'MoleculePage' });
export const listMoleculesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1, 'limit must be between 1 and 100.').max(100, 'limit must be between 1 and 100.').default(20),
  cursor: z.string().max(200).optional(),
});

type Molecule = z.infer<typeof moleculeSchema>;
interface Row {
  id: string;
  name: string;
  formula: string;
  canonical_smiles: string | null;
  inchikey: string | null;
  net_charge: number;
  atom_count: number;
  source_format: string;
  has_geometry: boolean;
  created_at: Date;
  created_key: string;
}
const COLUMNS = `id, name, formula, canonical_smiles, inchikey, net_charge, atom_count, source_format, input_xyz is not null as has_geometry, created_at,
  to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key`;

const toMolecule = (r: Row): Molecule => ({
  id: r.id,
  name: r.name,
  formula: r.formula,
  canonicalSmiles: r.canonical_smiles,
  inchikey: r.inchikey,
  netCharge: r.net_charge,
  atomCount: r.atom_count,
  sourceFormat: r.source_format,
  hasGeometry: r.has_geometry,
  createdAt: r.created_at.toISOString(),
});

export async function createMolecule(claims: JwtClaims, input: z.infer<typeof createMoleculeBodySchema>): Promise<Molecule & { created: boolean }> {
  const parsed = await parseMoleculeInput({ format: input.format, text: input.text, name: input.name, charge: input.charge ?? 0, uhf: 0 });
  if (!parsed.ok) {
    const fieldErrors: FieldErrors = {};
    for (const issue of parsed.errors) addFieldError(fieldErrors, issue.field, issue.message);
    throw new UserError('INVALID_INPUT', `The molecule is not valid: ${parsed.errors[0]?.message ?? 'unreadable input'}`, fieldErrors);
  }
  return refusedAsForbidden(() =>
    asUser(claims, async (db) => {
      const stored = await upsertMolecule(db, parsed.molecule, { organizationId: null, sourceFormat: parsed.molecule.sourceFormat });
      const { rows } = await db.query<Row>(`select ${COLUMNS} from public.molecules where id = $1`, [stored.id]);
      return { ...toMolecule(rows[0]!), created: stored.created };
    }),
  );
}

export async function listMolecules(claims: JwtClaims, query: z.infer<typeof listMoleculesQuerySchema>): Promise<z.infer<typeof moleculePageSchema>> {
  const args: unknown[] = [query.limit + 1];
  let where = '';
  if (query.cursor) {
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8'));
    } catch {
      value = null;
    }
    if (!Array.isArray(value) || typeof value[0] !== 'string' || Number.isNaN(Date.parse(value[0])) || !/^[0-9a-f-]{36}$/i.test(String(value[1]))) {
      throw new UserError('INVALID_INPUT', 'The cursor is not valid. Use next_cursor from the previous page as it was given.', {
        cursor: ['Use next_cursor from the previous page as it was given.'],
      });
    }
    args.push(value[0], value[1]);
    where = 'where (created_at, id) < ($2::timestamptz, $3::uuid)';
  }
  return asUser(claims, async (db) => {
    const { rows } = await db.query<Row>(`select ${COLUMNS} from public.molecules ${where} order by created_at desc, id desc limit $1`, args);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toMolecule),
      next_cursor: rows.length > query.limit && last ? Buffer.from(JSON.stringify([last.created_key, last.id])).toString('base64url') : null,
    };
  });
}

export async function getMolecule(claims: JwtClaims, id: string): Promise<Molecule | null> {
  return asUser(claims, async (db) => {
    const { rows } = await db.query<Row>(`select ${COLUMNS} from public.molecules where id = $1`, [id]);
    return rows[0] ? toMolecule(rows[0]) : null;
  });
}

/** Deletes one of the caller's molecules; one with calculations stays (they record what was computed). */
export async function deleteMolecule(caller: ApiCaller, id: string): Promise<void> {
  const ownerId = await asUser(caller.claims, async (db) => {
    const visible = await db.query<{ owner_id: string }>(`select owner_id from public.molecules where id = $1`, [id]);
    if (!visible.rows[0]) throw new UserError('NOT_FOUND', 'No such molecule.');
    const used = await db.query(`select 1 from public.calculations where molecule_id = $1 limit 1`, [id]);
    if (used.rowCount) throw new UserError('CONFLICT', 'This molecule has calculations. Delete is only possible for molecules never computed.');
    const { rowCount } = await db.query(`delete from public.molecules where id = $1`, [id]);
    if (!rowCount) throw new UserError('FORBIDDEN', 'Only the owner of a molecule can delete it.');
    return visible.rows[0].owner_id;
  });
  await recordAdminActionOnOthers(caller, ownerId, { action: 'molecule.delete', entityType: 'molecule', entityId: id });
}
