// JSONL export: one calculation per line, with its per-atom arrays (elements, charges, positions in
// Å, forces) from calculation_atom_arrays. Units are in the key names.
// The arrays arrive as JSON text, built once when the result was stored; they are written into the
// line as they are (parsing and re-serialising them cost more than the rest of the line).
import type { ExportRow } from './export-source.ts';

/** One calculation's fields (also each JSON file of the ZIP export), without the per-atom arrays. */
export function jsonFields(r: ExportRow) {
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
  };
}

/** The per-atom arrays as JSON members (`"elements":[…]`, …), empty arrays without atom data. */
export function atomMembers(r: ExportRow): string[] {
  return [
    `"elements":${r.atom_elements ?? '[]'}`,
    `"charges":${r.atom_charges ?? '[]'}`,
    `"positions_angstrom":${r.atom_positions ?? '[]'}`,
    `"forces_Eh_per_bohr":${r.atom_forces ?? '[]'}`,
  ];
}

/**
 * A JSON object of `fields` followed by the atom members. With `indent`, each top-level member is on
 * its own line (arrays stay on one line each).
 */
export function jsonWithAtoms(fields: object, r: ExportRow, indent?: number): string {
  const head = JSON.stringify(fields, null, indent);
  const separator = indent ? `,\n${' '.repeat(indent)}` : ',';
  const close = indent ? '\n}' : '}';
  return `${head.slice(0, -close.length)}${separator}${atomMembers(r).join(separator)}${close}`;
}

/** A string of lines per chunk of rows. */
export async function* exportJsonl(chunks: AsyncIterable<ExportRow[]>): AsyncGenerator<string> {
  for await (const rows of chunks) yield rows.map((r) => `${jsonWithAtoms(jsonFields(r), r)}\n`).join('');
}
