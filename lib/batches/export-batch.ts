// An export in one of the formats, as text chunks: the cursor source joined to its exporter. The
// selection is a batch or the results list's filters. Null when the user cannot see the batch.
import 'server-only';
import type { JwtClaims } from '../db/as-user.ts';
import { exportCsv } from './export-csv.ts';
import { exportJsonl } from './export-jsonl.ts';
import { exportSdf } from './export-sdf.ts';
import { openExport, type ExportOptions, type ExportSelection } from './export-source.ts';
import { EXPORT_FORMATS, exportFileName, type ExportFormat } from './export-stream.ts';

const OPTIONS: Record<ExportFormat, ExportOptions> = { csv: {}, jsonl: { atoms: true }, sdf: { geometry: true } };
const EXPORTERS = { csv: exportCsv, jsonl: exportJsonl, sdf: exportSdf } as const;

export type ExportedFile = { fileName: string; contentType: string; chunks: AsyncGenerator<string> };

export async function exportCalculations(
  claims: JwtClaims,
  selection: ExportSelection,
  format: ExportFormat,
  options: Pick<ExportOptions, 'chunkRows'> = {},
): Promise<ExportedFile | null> {
  const source = await openExport(claims, selection, { ...OPTIONS[format], ...options });
  if (!source) return null;
  return { fileName: exportFileName(source.name, format), contentType: EXPORT_FORMATS[format].contentType, chunks: EXPORTERS[format](source.rows) };
}

export function exportBatch(
  claims: JwtClaims,
  batchId: string,
  format: ExportFormat,
  options: Pick<ExportOptions, 'chunkRows'> = {},
): Promise<ExportedFile | null> {
  return exportCalculations(claims, { batchId }, format, options);
}
