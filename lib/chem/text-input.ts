// Text checks shared by the XYZ, MOL and SDF readers: size first (before splitting a huge string),
// then encoding noise that breaks xtb's reader (a UTF-8 BOM) or that no structure file contains.
import { ChemInputError } from './chem-input-error.ts';
import { DEFAULT_MAX_INPUT_BYTES, formatBytes } from './input-limits.ts';

export function splitInputLines(text: string, maxBytes = DEFAULT_MAX_INPUT_BYTES): string[] {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    throw new ChemInputError('text', `input is ${formatBytes(bytes)}; the limit is ${formatBytes(maxBytes)}`);
  }
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (withoutBom.trim() === '') throw new ChemInputError('text', 'input is empty');
  const lines = withoutBom.split(/\r\n|\r|\n/);
  const binaryLine = lines.findIndex((line) => line.includes('\u0000'));
  if (binaryLine >= 0) throw new ChemInputError('text', 'contains a NUL byte: this is not a text file', binaryLine + 1);
  return lines;
}
