// The chemistry of an upload, done once at preview time (the expensive part: RDKit canonical SMILES
// and InChIKey, ≈ 2 ms per molecule here) so that creating the batch only writes rows. Every row ends
// in exactly one list: a valid molecule, an invalid row with its reason, or a duplicate of an earlier
// row (same InChIKey, or same geometry for XYZ, with the same charge and spin), merged into it.
import { parseMoleculeInput, type MoleculeRecord } from '../chem/molecule-input.ts';
import { addFieldError, UserError, type FieldErrors } from '../errors/user-error.ts';
import { splitRows, type RowInput, type RowProblem, type SplitFile } from './split-rows.ts';
import { moleculeIdentityHash } from '../molecules/upsert-molecule.ts';
import { decodeUploadText, formatOfFileName, MAX_UPLOAD_BYTES, ROW_LABEL, type UploadFormat } from './upload-file.ts';

/** Charge and unpaired electrons for rows whose structure does not carry them (XYZ frames). */
export type UploadDefaults = { charge: number; uhf: number };

export type UploadMolecule = {
  row: number;
  name: string;
  sourceFormat: MoleculeRecord['sourceFormat'];
  inputSmiles: string | null;
  canonicalSmiles: string | null;
  inchiKey: string | null;
  formula: string;
  netCharge: number;
  uhf: number;
  atomCount: number;
  /** Null when the worker generates the geometry (SMILES, 2D records). */
  xyz: string | null;
  geometryHash: string | null;
  /** Per-owner identity when there is no InChIKey (same rule as a single submission). */
  identityHash: string | null;
  molecularWeight: number | null;
  metadata: Record<string, string>;
  /** Later rows of the file that are the same molecule, merged into this one. */
  duplicateRows: number[];
  warnings: string[];
};

export type DuplicateRow = { row: number; firstRow: number; name: string; inchiKey: string | null };

export type UploadAnalysis = {
  fileName: string;
  format: UploadFormat;
  /** What a row number counts: row, line, record or frame. */
  rowLabel: string;
  /** Rows that hold something (blank lines and comments not counted). */
  totalRows: number;
  molecules: UploadMolecule[];
  invalid: RowProblem[];
  duplicates: DuplicateRow[];
};

/** How many rows' reasons a refusal of a file with no valid row quotes. */
const REASONS_QUOTED = 5;
/** How many rows' reasons the refusal lists one by one. */
const MAX_ROWS_NAMED = 100;

export async function analyseUpload(
  file: { name: string; bytes: Uint8Array },
  defaults: UploadDefaults,
  options: { onProgress?: (done: number, total: number) => void } = {},
): Promise<UploadAnalysis> {
  const format = formatOfFileName(file.name);
  const text = decodeUploadText(file.bytes);
  return analyseRows({ fileName: file.name, format, rowLabel: ROW_LABEL[format] }, splitRows(format, text), defaults, options);
}

/**
 * The chemistry of rows already split (from a file, or a JSON list sent to the API): the same checks,
 * de-duplication and refusal of a source with no computable row.
 */
export async function analyseRows(
  source: Pick<UploadAnalysis, 'fileName' | 'format' | 'rowLabel'>,
  { rows, problems }: SplitFile,
  defaults: UploadDefaults,
  options: { onProgress?: (done: number, total: number) => void } = {},
): Promise<UploadAnalysis> {
  const { rowLabel } = source;
  const invalid: RowProblem[] = [...problems];
  const molecules: UploadMolecule[] = [];
  const duplicates: DuplicateRow[] = [];
  const byKey = new Map<string, UploadMolecule>();

  for (const [index, row] of rows.entries()) {
    // RDKit calls are synchronous: let the server breathe between chunks of a large file.
    if (index % 50 === 49) {
      options.onProgress?.(index, rows.length);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const result = await analyseRow(row, defaults);
    if (!result.ok) {
      invalid.push({ row: row.row, reason: result.reason, input: excerpt(row) });
      continue;
    }
    const molecule = result.molecule;
    const key = `${molecule.inchiKey ?? molecule.identityHash}|${molecule.netCharge}|${molecule.uhf}`;
    const first = byKey.get(key);
    if (first) {
      first.duplicateRows.push(row.row);
      duplicates.push({ row: row.row, firstRow: first.row, name: molecule.name, inchiKey: molecule.inchiKey });
      continue;
    }
    byKey.set(key, molecule);
    molecules.push(molecule);
  }
  invalid.sort((a, b) => a.row - b.row);

  if (molecules.length === 0 && invalid.length === 0) {
    // A header alone (or only comments and blank lines): there is no row whose reason could be quoted.
    throw new UserError('INVALID_INPUT', `The file holds no molecules: there is no ${rowLabel} after the header, comments and blank lines.`);
  }
  if (molecules.length === 0) {
    const quoted = invalid.slice(0, REASONS_QUOTED).map((p) => `${rowLabel} ${p.row}: ${p.reason}`);
    // Every row's reason by its row, for callers that show them per row (the API's problem `errors`).
    const perRow: FieldErrors = {};
    for (const p of invalid.slice(0, MAX_ROWS_NAMED)) addFieldError(perRow, `${rowLabel} ${p.row}`, p.reason);
    throw new UserError(
      'INVALID_INPUT',
      `No ${rowLabel} of the file holds a molecule we can compute, so no batch can be made from it. ${quoted.join('; ')}${invalid.length > REASONS_QUOTED ? `; and ${invalid.length - REASONS_QUOTED} more` : ''}.`,
      perRow,
    );
  }
  return {
    ...source,
    totalRows: rows.length + problems.length,
    molecules,
    invalid,
    duplicates,
  };
}

type RowResult = { ok: true; molecule: UploadMolecule } | { ok: false; reason: string };

async function analyseRow(row: RowInput, defaults: UploadDefaults): Promise<RowResult> {
  // SMILES and molfiles carry their own charge and radicals; the batch defaults fill in for XYZ.
  const charge = row.charge ?? (row.format === 'xyz' ? defaults.charge : undefined);
  const uhf = row.uhf ?? (row.format === 'xyz' ? defaults.uhf : undefined);
  const result = await parseMoleculeInput({
    format: row.format,
    text: row.text,
    // A name read from a file (a quoted CSV cell may span lines) is tidied like a molfile title,
    // not refused like a name typed into the editor: line breaks and tabs become spaces.

    name: row.name?.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim(),
    charge,
    uhf,
    identityOnly: true,
    limits: { maxBytes: MAX_UPLOAD_BYTES },
  });
  if (!result.ok) {
    const reason = [...new Set(result.errors.map((issue) => issue.message))].join('; ');
    return { ok: false, reason: shiftLineNumbers(reason, row.lineOffset ?? 0) };
  }
  const m = result.molecule;
  const identityHash = moleculeIdentityHash(m);
  return {
    ok: true,
    molecule: {
      row: row.row,
      name: m.name,
      sourceFormat: m.sourceFormat,
      inputSmiles: m.inputSmiles,
      canonicalSmiles: m.canonicalSmiles,
      inchiKey: m.inchiKey,
      formula: m.formula,
      netCharge: m.netCharge,
      uhf: m.uhf,
      atomCount: m.atomCount,
      xyz: m.xyz,
      geometryHash: m.geometryHash,
      identityHash,
      molecularWeight: Number.isFinite(m.molecularWeight) ? m.molecularWeight : null,
      metadata: m.metadata,
      duplicateRows: [],
      warnings: m.warnings,
    },
  };
}

/** Messages about a record's or frame's own text name its lines; make them lines of the file. */
function shiftLineNumbers(message: string, offset: number): string {
  if (offset === 0) return message;
  return message.replace(/\bline (\d+)\b/g, (_, line: string) => `line ${Number(line) + offset}`);
}

function excerpt(row: RowInput): string {
  const firstLine = row.format === 'smiles' ? row.text : (row.text.split('\n').find((line) => line.trim() !== '') ?? '');
  return firstLine.slice(0, 200);
}
