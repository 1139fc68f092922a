// The uploaded file as text: size and row limits, format from the file name, and the encodings a
// spreadsheet or a cheminformatics tool writes (UTF-8 with or without BOM, CRLF). Everything that
// refuses the whole file throws UserError with the reason in words; single bad rows are the
// parsers' business.
import { BATCH_MAX_FILE_BYTES } from '../chem/input-limits.ts';
import { UserError } from '../errors/user-error.ts';

/** A batch holds at most this many rows (CSV data rows, .smi lines, SDF records, XYZ frames). */
export const MAX_BATCH_ROWS = 100_000;
/** Files above this are refused before they are read. */
export const MAX_UPLOAD_BYTES = BATCH_MAX_FILE_BYTES;

export const UPLOAD_FORMATS = ['csv', 'smi', 'sdf', 'xyz'] as const;
export type UploadFormat = (typeof UPLOAD_FORMATS)[number];

/** What each format's row number counts, as the preview names it. */
export const ROW_LABEL: Record<UploadFormat, string> = { csv: 'row', smi: 'line', sdf: 'record', xyz: 'frame' };

const EXTENSIONS: Record<string, UploadFormat> = {
  csv: 'csv',
  tsv: 'csv',
  txt: 'csv',
  smi: 'smi',
  smiles: 'smi',
  sdf: 'sdf',
  sd: 'sdf',
  mol: 'sdf',
  xyz: 'xyz',
};

export function formatOfFileName(fileName: string): UploadFormat {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName.trim())?.[1]?.toLowerCase();
  const format = extension ? EXTENSIONS[extension] : undefined;
  if (!format) {
    throw new UserError('UNSUPPORTED_MEDIA_TYPE', `"${fileName}" is not a batch file we can read: upload a .csv (or .tsv), .smi, .sdf or .xyz file.`);
  }
  return format;
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function checkUploadSize(bytes: number): void {
  if (bytes > MAX_UPLOAD_BYTES) {
    throw new UserError('PAYLOAD_TOO_LARGE', `The file is ${formatMegabytes(bytes)}; the limit is 50 MB per batch. Split it into several batches.`);
  }
  if (bytes === 0) throw new UserError('INVALID_INPUT', 'The file is empty.');
}

export function tooManyRows(format: UploadFormat): UserError {
  const what = { csv: 'data rows', smi: 'lines', sdf: 'records', xyz: 'frames' }[format];
  return new UserError(
    'PAYLOAD_TOO_LARGE',
    `The file has more than ${MAX_BATCH_ROWS.toLocaleString('en-US')} ${what}; the limit is ${MAX_BATCH_ROWS.toLocaleString('en-US')} molecules per batch. Split it into several batches.`,
  );
}

/** Decodes the bytes as UTF-8 (a BOM is dropped); anything that is not UTF-8 text is refused. */
export function decodeUploadText(bytes: Uint8Array): string {
  checkUploadSize(bytes.byteLength);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new UserError('INVALID_INPUT', 'The file is saved as UTF-16: save it as UTF-8 (in Excel: "CSV UTF-8") and upload it again.');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new UserError('INVALID_INPUT', 'The file is not UTF-8 text: save it as UTF-8 (in Excel: "CSV UTF-8") and upload it again.');
  }
  if (text.includes('\u0000')) throw new UserError('INVALID_INPUT', 'The file contains NUL bytes: it is not a text file.');
  if (text.trim() === '') throw new UserError('INVALID_INPUT', 'The file is empty.');
  return text;
}
