// A submitted structure as the user's molecule: de-duplicated per owner (by InChIKey, else by a hash
// of the geometry or of the canonical SMILES), with its descriptors on first sight. The first
// submission's row is kept; what each calculation was asked to compute is recorded on the
// calculation itself (lib/calculations/insert-calculation.ts).
import { createHash } from 'node:crypto';
import type { MoleculeRecord } from '../chem/molecule-input.ts';
import type { Queryable } from '../db/transaction.ts';

/** What tells two structures without an InChIKey apart: the geometry's hash, else the canonical SMILES's. */
export function moleculeIdentityHash(molecule: MoleculeRecord): string | null {
  if (molecule.inchiKey !== null) return molecule.geometryHash;
  return (
    molecule.geometryHash ??
    createHash('sha256')
      .update(`smiles:${molecule.canonicalSmiles ?? molecule.deduplicationKey}`)
      .digest('hex')
  );
}

export interface UpsertedMolecule {
  id: string;
  created: boolean;
}

export async function upsertMolecule(
  db: Queryable,
  molecule: MoleculeRecord,
  options: { organizationId: string | null; sourceFormat: string },
): Promise<UpsertedMolecule> {
  const identityHash = moleculeIdentityHash(molecule);
  const conflict = molecule.inchiKey !== null ? '(owner_id, inchikey) where inchikey is not null' : '(owner_id, geometry_hash) where inchikey is null';
  const { rows } = await db.query<UpsertedMolecule>(
    `insert into public.molecules (owner_id, organization_id, name, input_smiles, canonical_smiles, inchikey, formula,
                                   net_charge, atom_count, input_xyz, geometry_hash, source_format, metadata)
     values ((select auth.uid()), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     on conflict ${conflict} do update set updated_at = now()
     returning id, (xmax = 0) as created`,
    [
      options.organizationId,
      molecule.name,
      molecule.inputSmiles,
      molecule.canonicalSmiles,
      molecule.inchiKey,
      molecule.formula,
      molecule.netCharge,
      molecule.atomCount,
      molecule.xyz,
      identityHash,
      options.sourceFormat,
      JSON.stringify(molecule.metadata),
    ],
  );
  const row = rows[0]!;
  if (row.created) await insertDescriptors(db, row.id, molecule);
  return row;
}

async function insertDescriptors(db: Queryable, moleculeId: string, molecule: MoleculeRecord): Promise<void> {
  const d = molecule.descriptors;
  if (!d) {
    await db.query(
      `insert into public.molecule_properties_computed (molecule_id, molecular_weight, computed_with)
       values ($1, $2, 'formula') on conflict (molecule_id) do nothing`,
      [moleculeId, molecule.molecularWeight],
    );
    return;
  }
  await db.query(
    `insert into public.molecule_properties_computed (molecule_id, molecular_weight, exact_mass, logp, hbd, hba, rotatable_bonds,
                                                      tpsa, molar_refractivity, heavy_atom_count, ring_count, aromatic_ring_count,
                                                      fraction_csp3, computed_with)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'rdkit') on conflict (molecule_id) do nothing`,
    [
      moleculeId,
      d.molecularWeight,
      d.exactMass,
      d.logP,
      d.hbd,
      d.hba,
      d.rotatableBonds,
      d.tpsa,
      d.molarRefractivity,
      d.heavyAtoms,
      d.rings,
      d.aromaticRings,
      d.fractionCsp3,
    ],
  );
}
