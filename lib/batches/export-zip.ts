// ZIP export: one folder named after the batch, and per calculation a JSON file (the JSONL record:
// results, error, per-atom arrays) and, when it succeeded, an XYZ file of its final geometry
// (optimised when the task optimised). Files are named `<row>-<name>-<calculation id prefix>` so
// retries of one row sit side by side and names never collide. Streamed entry by entry.
import type { ExportRow } from './export-source.ts';
import { jsonFields, jsonWithAtoms } from './export-jsonl.ts';
import { safeFileBase } from './export-stream.ts';
import { zipStream, type ZipEntry } from './zip-writer.ts';

/** The final geometry as an XYZ file whose comment line names the molecule and its energy. */
export function xyzFile(row: ExportRow): string | null {
  const xyz = row.optimized_xyz ?? row.input_xyz;
  if (row.status !== 'succeeded' || !xyz) return null;
  // The second line is replaced by string positions, not by splitting the file into lines: this runs
  // for every calculation of an export.
  const text = (xyz.includes('\r') ? xyz.replace(/\r\n?/g, '\n') : xyz).trimEnd();
  const energy = row.total_energy === null ? '' : ` E=${row.total_energy} Eh`;
  const comment = `${row.name ?? row.calculation_id} ${row.method} ${row.task}${energy}`.replace(/[\r\n]+/g, ' ');
  const countEnd = text.indexOf('\n');
  if (countEnd < 0) return `${text}\n${comment}\n`;
  const commentEnd = text.indexOf('\n', countEnd + 1);
  return `${text.slice(0, countEnd)}\n${comment}${commentEnd < 0 ? '' : text.slice(commentEnd)}\n`;
}

function* entriesOf(rows: ExportRow[], folder: string): Generator<ZipEntry> {
  for (const row of rows) {
    const base = `${folder}/${String(row.item_row ?? 0).padStart(6, '0')}-${safeFileBase(row.name ?? '', 'molecule', 60)}-${row.calculation_id.slice(0, 8)}`;
    const xyz = xyzFile(row);
    if (xyz) yield { name: `${base}.xyz`, data: xyz };
    yield { name: `${base}.json`, data: `${jsonWithAtoms({ ...jsonFields(row), geometry: row.optimized_xyz ? 'optimised' : 'input' }, row, 1)}\n` };
  }
}

async function* entries(chunks: AsyncIterable<ExportRow[]>, folder: string): AsyncGenerator<Iterable<ZipEntry>> {
  for await (const rows of chunks) yield entriesOf(rows, folder);
}

export function exportZip(chunks: AsyncIterable<ExportRow[]>, batchName: string): AsyncGenerator<Uint8Array> {
  return zipStream(entries(chunks, safeFileBase(batchName, 'batch')));
}
