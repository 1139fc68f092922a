// What a calculation was asked to compute, for "edit and rerun" (the editor's seed and the rerun
// itself): its own name, input and parameters, read under the user's RLS.
import { asUser, type JwtClaims } from '../db/as-user.ts';
import type { Queryable } from '../db/transaction.ts';
import type { InputFormat } from './calculation-row.ts';
import { selectList } from './calculation-sql.ts';
import { paramsFromRow, type ParameterRow } from './map-parameters.ts';
import { PARAMETER_COLUMN_NAMES, type CalculationParams } from './parameters.ts';

export interface CalculationSource {
  id: string;
  /** Whose calculation it is. */
  ownerId: string;
  moleculeId: string;
  /** The molecule belongs to the user (a teammate's is rerun as the user's own copy). */
  ownMolecule: boolean;
  organizationId: string | null;
  name: string;
  inputFormat: InputFormat;
  /** The SMILES the calculation was submitted with (null for coordinates-only input). */
  inputSmiles: string | null;
  /** The coordinates it was computed from: as submitted, or as the worker embedded them. */
  inputXyz: string | null;
  params: CalculationParams;
}

type SourceRow = ParameterRow & {
  id: string;
  owner_id: string;
  molecule_id: string;
  organization_id: string | null;
  name: string;
  input_format: InputFormat;
  input_smiles: string | null;
  input_xyz: string | null;
  own_molecule: boolean;
};

export async function getCalculationSource(db: Queryable, id: string): Promise<CalculationSource | null> {
  const { rows } = await db.query<SourceRow>(
    `select ${selectList(['id', 'owner_id', 'molecule_id', 'organization_id', ...PARAMETER_COLUMN_NAMES])},
            coalesce(c.name, m.name) as name,
            coalesce(c.input_format, m.source_format) as input_format,
            coalesce(c.input_smiles, m.input_smiles, m.canonical_smiles) as input_smiles,
            coalesce(c.input_xyz, m.input_xyz) as input_xyz,
            m.owner_id = (select auth.uid()) as own_molecule
       from public.calculations c join public.molecules m on m.id = c.molecule_id
      where c.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    ownerId: row.owner_id,
    moleculeId: row.molecule_id,
    ownMolecule: row.own_molecule,
    organizationId: row.organization_id,
    name: row.name,
    inputFormat: row.input_format,
    inputSmiles: row.input_smiles,
    inputXyz: row.input_xyz,
    params: paramsFromRow(row),
  };
}

/** The source of a calculation the user may see (RLS decides), or null. */
export function readCalculationSource(claims: JwtClaims, id: string): Promise<CalculationSource | null> {
  return asUser(claims, (db) => getCalculationSource(db, id));
}
