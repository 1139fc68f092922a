// Splits an uploaded file into rows, one molecule each, numbered as the user sees them: the 1-based
// data row of a CSV (the header not counted, blank rows counted so numbers stay put), the line of a
// .smi file, the record of an SD file, the frame of a multi-frame XYZ file. No chemistry here: a row
// that cannot even be read (a wrong column count, a bad charge cell, a broken XYZ frame) is reported
// with its reason; the chemistry of the others is judged by analyse-upload.ts.
import { UserError } from '../errors/user-error.ts';
import { MAX_BATCH_ROWS, tooManyRows, type UploadFormat } from './upload-file.ts';

export type RowInput = {
  /** 1-based number in the file's own unit (see ROW_LABEL). */
  row: number;
  format: 'smiles' | 'sdf' | 'xyz';
  text: string;
  name?: string;
  charge?: number;
  uhf?: number;
  /** Added to line numbers of messages about this row's text (XYZ frames). */
  lineOffset?: number;
};

export type RowProblem = { row: number; reason: string; input?: string };

export type SplitFile = { rows: RowInput[]; problems: RowProblem[] };

export function splitRows(format: UploadFormat, text: string): SplitFile {
  switch (format) {
    case 'csv':
      return splitCsv(text);
    case 'smi':
      return splitSmi(text);
    case 'sdf':
      return splitSdf(text);
    case 'xyz':
      return splitXyzFrames(text);
  }
}

// ---------------------------------------------------------------------------------------------- CSV

const SMILES_COLUMNS = ['smiles', 'canonical_smiles'];
const NAME_COLUMNS = ['name', 'id', 'compound id', 'compound_id', 'molecule', 'molecule_name', 'title'];
const CHARGE_COLUMNS = ['charge'];
const UHF_COLUMNS = ['uhf', 'unpaired_electrons'];
const KNOWN_COLUMNS = new Set([...SMILES_COLUMNS, ...NAME_COLUMNS, ...CHARGE_COLUMNS, ...UHF_COLUMNS]);

type CsvRecord = { cells: string[]; unterminated: boolean };

/** RFC 4180 records: quoted fields may hold the delimiter, doubled quotes and line breaks. */
export function readCsvRecords(text: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
      i++;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      cells.push(cell);
      records.push({ cells, unterminated: false });
      cells = [];
      cell = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      cell += ch;
      i++;
    }
  }
  if (quoted || cell !== '' || cells.length > 0) {
    cells.push(cell);
    records.push({ cells, unterminated: quoted });
  }
  return records;
}

/** The delimiter of the first line: the most frequent of tab, semicolon and comma outside quotes. */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const firstLine = text.split(/\r\n|\r|\n/, 1)[0] ?? '';
  const outsideQuotes = firstLine.replace(/"[^"]*"/g, '');
  const counts = { '\t': 0, ';': 0, ',': 0 };
  for (const ch of outsideQuotes) if (ch in counts) counts[ch as keyof typeof counts]++;
  const best = (Object.entries(counts) as [',' | ';' | '\t', number][]).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ',';
}

function findColumn(header: string[], names: string[]): number {
  for (const name of names) {
    const index = header.indexOf(name);
    if (index >= 0) return index;
  }
  return -1;
}

function splitCsv(text: string): SplitFile {
  const delimiter = detectDelimiter(text);
  const records = readCsvRecords(text, delimiter);
  const header = (records[0]?.cells ?? []).map((cell) => cell.trim().toLowerCase());
  const hasHeader = header.some((cell) => KNOWN_COLUMNS.has(cell));
  let smilesColumn = 0;
  let nameColumn = -1;
  let chargeColumn = -1;
  let uhfColumn = -1;
  if (hasHeader) {
    smilesColumn = findColumn(header, SMILES_COLUMNS);
    if (smilesColumn < 0) {
      const found = records[0]!.cells.map((cell) => `"${cell.trim()}"`).join(', ');
      throw new UserError('INVALID_INPUT', `The header has no SMILES column: name one column smiles, SMILES or canonical_smiles (the columns are ${found}).`);
    }
    nameColumn = findColumn(header, NAME_COLUMNS);
    chargeColumn = findColumn(header, CHARGE_COLUMNS);
    uhfColumn = findColumn(header, UHF_COLUMNS);
  } else if ((records[0]?.cells.length ?? 0) > 1) {
    // No header: SMILES first, then a name (the .smi convention, comma separated).
    nameColumn = 1;
  }
  const dataRecords = hasHeader ? records.slice(1) : records;
  if (dataRecords.length > MAX_BATCH_ROWS) throw tooManyRows('csv');
  const width = hasHeader ? header.length : 0;

  const rows: RowInput[] = [];
  const problems: RowProblem[] = [];
  for (const [index, record] of dataRecords.entries()) {
    const row = index + 1;
    const cells = record.cells;
    if (cells.every((cell) => cell.trim() === '')) continue; // a blank line: counted, not a molecule
    const excerpt = cells.join(delimiter === '\t' ? '\t' : delimiter).slice(0, 200);
    if (record.unterminated) {
      problems.push({ row, reason: 'a quoted field is never closed: add the missing " (everything after it was read as one cell)', input: excerpt });
      continue;
    }
    if (hasHeader && cells.length !== width) {
      problems.push({
        row,
        reason: `the row has ${cells.length} column${cells.length === 1 ? '' : 's'} but the header has ${width}: check for an unquoted ${delimiterName(delimiter)} inside a cell`,
        input: excerpt,
      });
      continue;
    }
    const smiles = (cells[smilesColumn] ?? '').trim();
    if (smiles === '') {
      problems.push({ row, reason: 'the SMILES cell is empty', input: excerpt });
      continue;
    }
    const charge = readInteger(cells[chargeColumn], 'charge');
    const uhf = readInteger(cells[uhfColumn], 'unpaired electrons (uhf)');
    if (typeof charge === 'string' || typeof uhf === 'string') {
      problems.push({ row, reason: typeof charge === 'string' ? charge : (uhf as string), input: excerpt });
      continue;
    }
    const name = nameColumn >= 0 ? (cells[nameColumn] ?? '').trim() : '';
    rows.push({
      row,
      format: 'smiles',
      text: smiles,
      ...(name ? { name } : {}),
      ...(charge !== undefined ? { charge } : {}),
      ...(uhf !== undefined ? { uhf } : {}),
    });
  }
  return { rows, problems };
}

function delimiterName(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : delimiter === ';' ? 'semicolon' : 'comma';
}

/** undefined for an absent or empty cell, the number, or the reason it is not a whole number. */
function readInteger(cell: string | undefined, what: string): number | undefined | string {
  const value = cell?.trim() ?? '';
  if (value === '') return undefined;
  if (!/^[+-]?\d+$/.test(value)) return `${what} "${value.slice(0, 40)}" is not a whole number`;
  return Number(value);
}

// ---------------------------------------------------------------------------------------------- SMI

function splitSmi(text: string): SplitFile {
  const lines = text.split(/\r\n|\r|\n/);
  const rows: RowInput[] = [];
  for (const [index, line] of lines.entries()) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (rows.length >= MAX_BATCH_ROWS) throw tooManyRows('smi');
    const match = /^(\S+)(?:\s+(.*))?$/.exec(trimmed)!;
    const name = match[2]?.trim();
    rows.push({ row: index + 1, format: 'smiles', text: match[1]!, ...(name ? { name } : {}) });
  }
  return { rows, problems: [] };
}

// ---------------------------------------------------------------------------------------------- SDF

/** One row per record ("$$$$"-terminated); each keeps its own text so it is parsed on its own. */
function splitSdf(text: string): SplitFile {
  const lines = text.split(/\r\n|\r|\n/);
  const rows: RowInput[] = [];
  let start = 0;
  for (let index = 0; index <= lines.length; index++) {
    if (index < lines.length && lines[index]!.trim() !== '$$$$') continue;
    const recordLines = lines.slice(start, index);
    if (recordLines.some((line) => line.trim() !== '')) {
      if (rows.length >= MAX_BATCH_ROWS) throw tooManyRows('sdf');
      rows.push({ row: rows.length + 1, format: 'sdf', text: `${recordLines.join('\n')}\n$$$$\n`, lineOffset: start });
    }
    start = index + 1;
  }
  return { rows, problems: [] };
}

// ---------------------------------------------------------------------------------------------- XYZ

/**
 * Frames of a multi-frame XYZ file: a count line, a comment line and that many atom lines, again and
 * again. A frame whose count line is not a number is reported, and reading resumes at the next line
 * that holds a lone whole number.
 */
function splitXyzFrames(text: string): SplitFile {
  const lines = text.split(/\r\n|\r|\n/);
  const rows: RowInput[] = [];
  const problems: RowProblem[] = [];
  let index = 0;
  let frame = 0;
  const isCount = (line: string | undefined) => line !== undefined && /^\s*\+?\d+\s*$/.test(line);
  while (index < lines.length) {
    if (lines[index]!.trim() === '') {
      index++;
      continue;
    }
    frame++;
    if (frame > MAX_BATCH_ROWS) throw tooManyRows('xyz');
    const start = index;
    if (!isCount(lines[index])) {
      let next = index + 1;
      while (next < lines.length && !isCount(lines[next])) next++;
      problems.push({
        row: frame,
        reason: `line ${start + 1}: expected the number of atoms that starts a frame; lines ${start + 1}–${next} were skipped`,
        input: lines[start]!.slice(0, 200),
      });
      index = next;
      continue;
    }
    const declared = Number(lines[index]!.trim());
    // Atom lines of this frame: at most `declared`, and never into the next frame's count line.
    let end = index + 2;
    while (end < lines.length && end < index + 2 + declared && !(isCount(lines[end]) && end > index + 1)) end++;
    const frameLines = lines.slice(start, end);
    rows.push({
      row: frame,
      format: 'xyz',
      text: `${frameLines.join('\n')}\n`,
      lineOffset: start,
    });
    index = end;
  }
  if (frame === 0) throw new UserError('INVALID_INPUT', 'The XYZ file holds no frame.');
  return { rows, problems };
}
