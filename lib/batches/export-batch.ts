// An export in one of the formats, as text chunks: the cursor source joined to its exporter. The
// selection is a batch or the results list's filters. Null when the user cannot see the batch.
import 'server-only';
import type { JwtClaims } from '../db/as-user.ts';
import { exportCsv } from './export-csv.ts';
import { exportJsonl } from './export-jsonl.ts';
import { exportSdf } from './export-sdf.ts';
import { exportZip } from './export-zip.ts';
import { openExport, type ExportOptions, type ExportRow, type ExportSelection } from './export-source.ts';
import { EXPORT_FORMATS, exportFileName, type ExportFormat } from './export-stream.ts';

const OPTIONS: Record<ExportFormat, ExportOptions> = { csv: {}, jsonl: { atoms: true }, sdf: { geometry: true }, zip: { atoms: true, geometry: true } };
const EXPORTERS: Record<ExportFormat, (rows: AsyncIterable<ExportRow[]>, batchName: string) => AsyncGenerator<string | Uint8Array>> = {
  csv: exportCsv,
  jsonl: exportJsonl,
  sdf: exportSdf,
  zip: exportZip,
};

export type ExportedFile = { fileName: string; contentType: string; chunks: AsyncGenerator<string | Uint8Array> };

export async function exportCalculations(
  claims: JwtClaims,
  selection: ExportSelection,
  format: ExportFormat,
  options: Pick<ExportOptions, 'chunkRows'> = {},
): Promise<ExportedFile | null> {
  const source = await openExport(claims, selection, { ...OPTIONS[format], ...options });
  if (!source) return null;
  return {
    fileName: exportFileName(source.name, format),
    contentType: EXPORT_FORMATS[format].contentType,
    chunks: EXPORTERS[format](source.rows, source.name),
  };
}

export function exportBatch(
  claims: JwtClaims,
  batchId: string,
  format: ExportFormat,
  options: Pick<ExportOptions, 'chunkRows'> = {},
): Promise<ExportedFile | null> {
  return exportCalculations(claims, { batchId }, format, options);
}
