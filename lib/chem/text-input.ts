// Text checks shared by every structure reader (XYZ, MOL, SDF, SMILES, names): size first (before
// splitting a huge string), then encoding. A file that is not UTF-8 text (an image renamed .mol, a
// UTF-16 export from Windows) is refused here, at the door, with what to do about it: NUL and other
// binary noise would otherwise travel on into the session state and the database, which refuse it.
// Shared by the browser and the server: no Node APIs here.
import { ChemInputError } from './chem-input-error.ts';
import { DEFAULT_MAX_INPUT_BYTES, formatBytes } from './input-limits.ts';

/** UTF-8 length without encoding the whole string (a 7 MB paste must not allocate 7 MB twice). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Refuses text above the byte limit, naming both sizes. */
export function checkInputSize(text: string, maxBytes = DEFAULT_MAX_INPUT_BYTES, what = 'input'): void {
  // Cheap bound first: a UTF-16 string never encodes to more than 3 bytes per code unit.
  if (text.length <= maxBytes / 3) return;
  const bytes = utf8ByteLength(text);
  if (bytes > maxBytes) {
    throw new ChemInputError('text', `${what} is ${formatBytes(bytes)}; the limit is ${formatBytes(maxBytes)}`);
  }
}

const UTF16_HINT = 'save the file as UTF-8 text and upload it again';

/**
 * Refuses text that is not a structure file's text: UTF-16 (NUL between ASCII letters, or its byte
 * order mark decoded as UTF-8), binary content (NUL, U+FFFD from undecodable bytes, control
 * characters other than tab, line feed, carriage return and form feed).
 */
export function checkTextEncoding(text: string): void {
  const problem = findEncodingProblem(text);
  if (problem) throw new ChemInputError('text', problem.message, problem.line);
}

export function findEncodingProblem(text: string): { message: string; line?: number } | null {
  // Only the head decides UTF-16 vs binary; the whole text is still scanned for bad characters.
  const head = text.slice(0, 512);
  if (/^\ufffd\ufffd/.test(head) || head.startsWith('\ufffe')) {
    return { message: `this looks like UTF-16 text (it starts with a UTF-16 byte order mark): ${UTF16_HINT}` };
  }
  if (/^(\uFFFD)?PNG/.test(head) || head.startsWith('\u0089PNG')) return { message: 'this is a PNG image, not a structure file' };
  if (head.startsWith('%PDF')) return { message: 'this is a PDF document, not a structure file' };
  if (head.startsWith('PK\u0003\u0004'))
    return { message: 'this is a ZIP archive (or an Office document), not a structure file: unpack it and upload the structure file' };
  const nulPairs = head.match(/[\x20-\x7e]\u0000/g)?.length ?? 0;
  if (nulPairs >= 4) return { message: `this looks like UTF-16 text (a zero byte after every letter): ${UTF16_HINT}` };

  const bad = /[\u0000-\u0008\u000b\u000e-\u001f\u007f\ufffd]/.exec(text);
  if (!bad) return null;
  const line = lineOf(text, bad.index);
  const char = bad[0];
  if (char === '\u0000') return { message: 'contains a NUL byte: this is not a text file', line };
  if (char === '\ufffd') return { message: `contains bytes that are not UTF-8 text: ${UTF16_HINT}`, line };
  return { message: `contains the control character U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}: this is not a plain text file`, line };
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function splitInputLines(text: string, maxBytes = DEFAULT_MAX_INPUT_BYTES): string[] {
  checkInputSize(text, maxBytes);
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (withoutBom.trim() === '') throw new ChemInputError('text', 'input is empty');
  checkTextEncoding(withoutBom);
  return withoutBom.split(/\r\n|\r|\n/);
}

/**
 * Bytes of an uploaded file → text, in the browser before anything parses it: UTF-8 (with or
 * without its byte order mark) only. UTF-16 and binary files are refused with what to do instead.
 */
export function decodeUploadedBytes(bytes: Uint8Array, maxBytes = DEFAULT_MAX_INPUT_BYTES): { ok: true; text: string } | { ok: false; message: string } {
  if (bytes.length > maxBytes) return { ok: false, message: `the file is ${formatBytes(bytes.length)}; the limit is ${formatBytes(maxBytes)}` };
  if (bytes.length === 0) return { ok: false, message: 'the file is empty' };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, message: `the file is UTF-16 text: ${UTF16_HINT}` };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const probe = new TextDecoder('utf-8').decode(bytes.subarray(0, 512));
    return { ok: false, message: findEncodingProblem(probe)?.message ?? `the file is not UTF-8 text: ${UTF16_HINT}` };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const problem = findEncodingProblem(text);
  if (problem) return { ok: false, message: problem.line ? `line ${problem.line}: ${problem.message}` : problem.message };
  return { ok: true, text };
}
