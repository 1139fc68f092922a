// CSV export: one row per calculation, the columns a spreadsheet user needs. A cell that a
// spreadsheet would read as a formula (=, +, -, @, and tab/CR which some treat alike) is prefixed with
// an apostrophe; numbers are written as numbers (a negative energy is not text).
import type { ExportRow } from './export-source.ts';

export const CSV_COLUMNS = [
  ['calculation_id', 'calculation_id'],
  ['batch_id', 'batch_id'],
  ['molecule_id', 'molecule_id'],
  ['row', 'item_row'],
  ['name', 'name'],
  ['smiles', 'smiles'],
  ['inchikey', 'inchikey'],
  ['formula', 'formula'],
  ['method', 'method'],
  ['task', 'task'],
  ['solvent', 'solvent'],
  ['charge', 'charge'],
  ['uhf', 'uhf'],
  ['status', 'status'],
  ['total_energy_Eh', 'total_energy'],
  ['homo_eV', 'homo'],
  ['lumo_eV', 'lumo'],
  ['gap_eV', 'gap'],
  ['dipole_D', 'dipole_moment'],
  ['convergence', 'convergence_status'],
  ['wall_time_s', 'wall_time_s'],
  ['error_type', 'error_type'],
  ['error_message', 'error_message'],
] as const satisfies readonly (readonly [string, keyof ExportRow])[];

/** Text a spreadsheet would not evaluate, quoted when it has to be. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header, then a string per chunk of rows. */
export async function* exportCsv(chunks: AsyncIterable<ExportRow[]>): AsyncGenerator<string> {
  yield `${CSV_COLUMNS.map(([header]) => header).join(',')}\r\n`;
  for await (const rows of chunks) yield rows.map((row) => `${CSV_COLUMNS.map(([, key]) => csvCell(row[key])).join(',')}\r\n`).join('');
}
