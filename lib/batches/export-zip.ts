// ZIP export: one folder named after the batch, and per calculation a JSON file (the JSONL record:
// results, error, per-atom arrays) and, when it succeeded, an XYZ file of its final geometry
// (optimised when the task optimised). Files are named `<row>-<name>-<calculation id prefix>` so
// retries of one row sit side by side and names never collide. Streamed entry by entry.
import type { ExportRow } from './export-source.ts';
import { jsonRecord } from './export-jsonl.ts';
import { safeFileBase } from './export-stream.ts';
import { zipStream, type ZipEntry } from './zip-writer.ts';

/** The final geometry as an XYZ file whose comment line names the molecule and its energy. */
export function xyzFile(row: ExportRow): string | null {
  const xyz = row.optimized_xyz ?? row.input_xyz;
  if (row.status !== 'succeeded' || !xyz) return null;
  const lines = xyz.replace(/\s+$/, '').split(/\r?\n/);
  const energy = row.total_energy === null ? '' : ` E=${row.total_energy} Eh`;
  lines[1] = `${row.name ?? row.calculation_id} ${row.method} ${row.task}${energy}`.replace(/[\r\n]+/g, ' ');
  return `${lines.join('\n')}\n`;
}

async function* entries(rows: AsyncIterable<ExportRow>, folder: string): AsyncGenerator<ZipEntry> {
  for await (const row of rows) {
    const base = `${folder}/${String(row.item_row ?? 0).padStart(6, '0')}-${safeFileBase(row.name ?? '', 'molecule', 60)}-${row.calculation_id.slice(0, 8)}`;
    const xyz = xyzFile(row);
    if (xyz) yield { name: `${base}.xyz`, data: xyz };
    yield { name: `${base}.json`, data: `${JSON.stringify({ ...jsonRecord(row), geometry: row.optimized_xyz ? 'optimised' : 'input' }, null, 1)}\n` };
  }
}

export function exportZip(rows: AsyncIterable<ExportRow>, batchName: string): AsyncGenerator<Uint8Array> {
  return zipStream(entries(rows, safeFileBase(batchName, 'batch')));
}
