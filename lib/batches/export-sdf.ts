// SDF export: the final geometry of each succeeded calculation (the optimised one when the task
// optimised, else the geometry it ran on) as a V2000 record without bonds (xtb works on
// coordinates; connectivity is not ours to guess), with the results as data fields.
import type { ExportRow } from './export-source.ts';

function parseXyz(xyz: string): { element: string; x: number; y: number; z: number }[] {
  const lines = xyz.split(/\r?\n/);
  const count = Number.parseInt(lines[0] ?? '', 10);
  const atoms = [];
  for (let i = 0; i < count; i++) {
    const [element, x, y, z] = (lines[i + 2] ?? '').trim().split(/\s+/);
    if (!element) break;
    atoms.push({ element, x: Number(x), y: Number(y), z: Number(z) });
  }
  return atoms;
}

const coordinate = (v: number) => v.toFixed(4).padStart(10);
/** A title or data line stays one line (an SDF record is line-structured). */
const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ').slice(0, 200);

export function sdfRecord(row: ExportRow): string | null {
  const xyz = row.optimized_xyz ?? row.input_xyz;
  if (row.status !== 'succeeded' || !xyz) return null;
  const atoms = parseXyz(xyz);
  if (atoms.length === 0 || atoms.length > 999) return null;
  const lines = [oneLine(row.name || row.calculation_id), '  QuantumForge3D', oneLine(`${row.method} ${row.task}`)];
  lines.push(`${String(atoms.length).padStart(3)}  0  0  0  0  0  0  0  0  0999 V2000`);
  for (const a of atoms) lines.push(`${coordinate(a.x)}${coordinate(a.y)}${coordinate(a.z)} ${a.element.padEnd(3)} 0  0  0  0  0  0  0  0  0  0  0  0`);
  lines.push('M  END');
  const fields: [string, unknown][] = [
    ['calculation_id', row.calculation_id],
    ['name', row.name],
    ['smiles', row.smiles],
    ['inchikey', row.inchikey],
    ['method', row.method],
    ['task', row.task],
    ['solvent', row.solvent],
    ['charge', row.charge],
    ['geometry', row.optimized_xyz ? 'optimised' : 'input'],
    ['total_energy_Eh', row.total_energy],
    ['homo_eV', row.homo],
    ['lumo_eV', row.lumo],
    ['gap_eV', row.gap],
    ['dipole_D', row.dipole_moment],
    ['convergence', row.convergence_status],
  ];
  for (const [key, value] of fields) {
    if (value === null || value === undefined || value === '') continue;
    lines.push(`>  <${key}>`, oneLine(String(value)), '');
  }
  lines.push('$$$$');
  return `${lines.join('\n')}\n`;
}

/** A string of records per chunk of rows (a calculation without a geometry has none). */
export async function* exportSdf(chunks: AsyncIterable<ExportRow[]>): AsyncGenerator<string> {
  for await (const rows of chunks) {
    const records = rows.map((row) => sdfRecord(row) ?? '').join('');
    if (records) yield records;
  }
}
