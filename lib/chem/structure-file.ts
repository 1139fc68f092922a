// What an uploaded file is, from its content and its name: XYZ, MOL or SDF for the editor; CSV and
// SMILES lists belong to the batch upload. A file name is only ever a display name: the directory
// part, the extension and anything that is not plain text are dropped (`../../etc/passwd.xyz` →
// `passwd`), and a name whose real extension is not a structure file's (`water.xyz.exe`) is refused.
// Shared by the browser and the server: no Node APIs here.
import { MAX_NAME_LENGTH } from './characters.ts';

export type StructureFileFormat = 'xyz' | 'mol' | 'sdf';

export type StructureFileResult =
  { ok: true; format: StructureFileFormat; displayName: string; note: string | null } | { ok: false; message: string; batch?: true };

const STRUCTURE_EXTENSIONS: Record<string, StructureFileFormat> = { xyz: 'xyz', mol: 'mol', mdl: 'mol', sdf: 'sdf', sd: 'sdf' };
const BATCH_EXTENSIONS = new Set(['csv', 'tsv', 'smi', 'smiles']);
const TEXT_EXTENSIONS = new Set(['txt', '']);
export const BATCH_UPLOAD_PATH = '/batches/new';
export const STRUCTURE_FILE_ACCEPT = '.xyz,.mol,.mdl,.sdf,.sd,.txt,chemical/x-xyz,chemical/x-mdl-molfile,chemical/x-mdl-sdfile';

/** The extension after the last dot of the base name, lower case ('' when there is none). */
export function fileExtension(fileName: string): string {
  const base = baseName(fileName);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() ?? '';
}

/** A name fit to show and store, from a file name: no directories, no extension, no control or bidi characters. */
export function safeDisplayName(fileName: string): string {
  let base = baseName(fileName);
  const ext = fileExtension(base);
  if (ext && (ext in STRUCTURE_EXTENSIONS || BATCH_EXTENSIONS.has(ext) || TEXT_EXTENSIONS.has(ext))) base = base.slice(0, -(ext.length + 1));
  const cleaned = base
    // Controls, bidi controls and other invisible format characters; then leading dots and spaces.
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu, '')
    .replace(/[<>:"|?*]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+/, '')
    .trim();
  return [...cleaned].slice(0, Math.min(100, MAX_NAME_LENGTH)).join('');
}

/** Looks at the first lines: an atom count then atom lines is XYZ; a counts line or `M  END` is a molfile. */
export function sniffStructureText(text: string): StructureFileFormat | 'smiles-list' | null {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/, 12);
  const firstContent = lines.findIndex((line) => line.trim() !== '');
  if (firstContent < 0) return null;
  if (/\$\$\$\$/m.test(text)) return 'sdf';
  if (lines.some((line) => /V[23]000\s*$/.test(line)) || /^M {2}END/m.test(text)) return 'mol';
  if (/^\s*\d+\s*$/.test(lines[firstContent]!)) {
    const atomLine = lines[firstContent + 2] ?? '';
    if (/^\s*[A-Za-z]{1,3}\d*\s+[-+.\deEdD]+\s+[-+.\deEdD]+\s+[-+.\deEdD]+/.test(atomLine) || /^\s*\d+\s+[-+.\d]+\s+[-+.\d]+\s+[-+.\d]+/.test(atomLine))
      return 'xyz';
  }
  if (/^\s*[A-Za-z]{1,3}\s+-?\d+\.\d+\s+-?\d+\.\d+\s+-?\d+\.\d+\s*$/.test(lines[firstContent]!)) return 'xyz';
  if (/[,;\t]/.test(lines[firstContent]!) || /^[A-Za-z0-9@+\-[\]()=#$:/\\.%*]+(\s+\S.*)?$/.test(lines[firstContent]!.trim())) return 'smiles-list';
  return null;
}

/** Decides how to read an uploaded file; `text` has already passed the encoding checks. */
export function detectStructureFile(fileName: string, text: string): StructureFileResult {
  const ext = fileExtension(fileName);
  const shown = safeDisplayName(fileName) || 'the file';
  const batchMessage = `${shown} looks like a list of molecules: upload lists (CSV or SMILES files) on the batch upload page, ${BATCH_UPLOAD_PATH}`;
  if (BATCH_EXTENSIONS.has(ext)) return { ok: false, message: batchMessage, batch: true };
  if (ext && !(ext in STRUCTURE_EXTENSIONS) && !TEXT_EXTENSIONS.has(ext)) {
    return { ok: false, message: `.${ext.slice(0, 10)} files are not structure files: upload an .xyz, .mol or .sdf file` };
  }
  const sniffed = sniffStructureText(text);
  const named = STRUCTURE_EXTENSIONS[ext];
  if (sniffed === 'smiles-list' && !named) return { ok: false, message: batchMessage, batch: true };
  const format = sniffed && sniffed !== 'smiles-list' ? sniffed : named;
  if (!format) return { ok: false, message: `${shown} is neither XYZ nor MOL/SDF: upload an .xyz, .mol or .sdf file` };
  // An .sdf holding a single record is read as one molecule; the content decides over the name.
  const agrees = !named || named === format || (named === 'sdf' && format === 'mol') || (named === 'mol' && format === 'sdf');
  const note = agrees ? null : `the file is named .${ext} but holds ${format === 'xyz' ? 'XYZ coordinates' : 'a molfile'}: read as ${format.toUpperCase()}`;
  return { ok: true, format, displayName: safeDisplayName(fileName), note };
}
