// Where an imported calculation came from (`npm run import`, table calculation_imports): the folder
// and machine it was read on, the files read, and the xtb version and command line xtb printed.
// Read in the caller's transaction, so the table's RLS (readable with the calculation) decides.
import type { Queryable } from '../db/transaction.ts';

export interface CalculationProvenance {
  /** Absolute path of the run's folder on the machine that imported it. */
  sourcePath: string;
  sourceHost: string | null;
  /** The files read, relative to the folder. */
  sourceFiles: string[];
  /** As xtb printed it ("6.5.1 (unknown)"), when it did. */
  xtbVersion: string | null;
  /** xtb's "program call" line, when the log had one. */
  commandLine: string | null;
  importedAt: string;
}

interface ProvenanceRow {
  source_path: string;
  source_host: string | null;
  source_files: string[];
  xtb_version: string | null;
  command_line: string | null;
  imported_at: Date;
}

/** The calculation's import record, or null when it was computed here (or is not visible). */
export async function readCalculationProvenance(db: Queryable, calculationId: string): Promise<CalculationProvenance | null> {
  const { rows } = await db.query<ProvenanceRow>(
    `select source_path, source_host, source_files, xtb_version, command_line, imported_at
       from public.calculation_imports where calculation_id = $1`,
    [calculationId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    sourcePath: r.source_path,
    sourceHost: r.source_host,
    sourceFiles: r.source_files,
    xtbVersion: r.xtb_version,
    commandLine: r.command_line,
    importedAt: r.imported_at.toISOString(),
  };
}
