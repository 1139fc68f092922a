// JSONL export: one calculation per line, with its per-atom arrays (elements, charges, positions in
// Å, forces) from atomic_properties. Units are in the key names.
import type { ExportRow } from './export-source.ts';

/** One calculation as the JSONL line's object (also each JSON file of the ZIP export). */
export function jsonRecord(r: ExportRow) {
  return {
    calculation_id: r.calculation_id,
    batch_id: r.batch_id,
    molecule_id: r.molecule_id,
    row: r.item_row,
    name: r.name,
    smiles: r.smiles,
    inchikey: r.inchikey,
    formula: r.formula,
    method: r.method,
    task: r.task,
    solvent: r.solvent,
    charge: r.charge,
    uhf: r.uhf,
    status: r.status,
    total_energy_Eh: r.total_energy,
    homo_eV: r.homo,
    lumo_eV: r.lumo,
    gap_eV: r.gap,
    dipole_D: r.dipole_moment,
    convergence: r.convergence_status,
    wall_time_s: r.wall_time_s,
    error_type: r.error_type,
    error_message: r.error_message,
    elements: r.atoms?.elements ?? [],
    charges: r.atoms?.charges ?? [],
    positions_angstrom: r.atoms?.positions ?? [],
    forces_Eh_per_bohr: r.atoms?.forces ?? [],
  };
}

export async function* exportJsonl(rows: AsyncIterable<ExportRow>): AsyncGenerator<string> {
  for await (const r of rows) yield `${JSON.stringify(jsonRecord(r))}\n`;
}
