// XYZ reader. Strict where xtb is lax (xtb 6.5.1 trusts its input), lenient where writers differ:
// element symbols in any case or as atomic numbers, CRLF, a UTF-8 BOM, extra columns (extended XYZ),
// and a pasted block of atom lines without the count and comment lines.
import { ChemInputError } from './chem-input-error.ts';
import { lookupElement, truncateForMessage } from './elements.ts';
import { DEFAULT_MAX_ATOMS, DEFAULT_MAX_INPUT_BYTES, type InputLimits } from './input-limits.ts';
import { splitInputLines } from './text-input.ts';

export type Atom = { element: string; x: number; y: number; z: number };

export type ParsedXyz = { atoms: Atom[]; comment: string };

// Plain decimal or exponent notation; Fortran programs write D exponents (1.0D-03).
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?$/;

export function parseXyz(text: string, limits: InputLimits = {}): ParsedXyz {
  const maxAtoms = limits.maxAtoms ?? DEFAULT_MAX_ATOMS;
  const lines = splitInputLines(text, limits.maxBytes ?? DEFAULT_MAX_INPUT_BYTES);
  const firstContent = lines.findIndex((line) => line.trim() !== '');
  const firstTokens = lines[firstContent]!.trim().split(/\s+/);

  // An atom line first: atom lines pasted without the count and comment lines.
  const first = firstTokens[0]!;
  if (firstTokens.length >= 4 || (firstTokens.length >= 2 && !/^\d+$/.test(first) && lookupElement(first).ok)) {
    return { atoms: readAtomLines(lines, firstContent, lines.length, maxAtoms, null), comment: '' };
  }

  if (firstTokens.length !== 1 || !/^\+?\d+$/.test(firstTokens[0]!)) {
    throw new ChemInputError('text', 'expected the number of atoms', firstContent + 1);
  }
  const declared = Number(firstTokens[0]);
  if (declared === 0) throw new ChemInputError('text', 'the atom count is 0', firstContent + 1);
  if (declared > maxAtoms) {
    throw new ChemInputError('text', `${declared} atoms exceed the limit of ${maxAtoms} atoms`, firstContent + 1);
  }
  const commentIndex = firstContent + 1;
  const comment = lines[commentIndex] ?? '';
  const atomsStart = commentIndex + 1;
  // Trailing blank lines are common; anything else after the declared atoms is a count mismatch.
  let end = lines.length;
  while (end > atomsStart && lines[end - 1]!.trim() === '') end--;
  const present = end - atomsStart;
  if (present !== declared) {
    const commentLooksLikeAtom = comment.trim().split(/\s+/).length >= 4 && lookupElement(comment.trim().split(/\s+/)[0]!).ok;
    const detail =
      present < declared
        ? `${present} atom line${present === 1 ? '' : 's'} follow${present === 1 ? 's' : ''}` +
          (commentLooksLikeAtom ? ` (is the comment line missing? line ${commentIndex + 1} should be a title)` : '')
        : `${present} lines follow (one structure per input; multi-frame XYZ is not accepted)`;
    throw new ChemInputError('text', `the atom count line says ${declared} atoms but ${detail}`, firstContent + 1);
  }
  return { atoms: readAtomLines(lines, atomsStart, end, maxAtoms, declared), comment: comment.trim() };
}

function readAtomLines(lines: string[], start: number, end: number, maxAtoms: number, declared: number | null): Atom[] {
  const atoms: Atom[] = [];
  for (let index = start; index < end; index++) {
    const line = lines[index]!;
    const lineNumber = index + 1;
    if (line.trim() === '') {
      // Blank lines inside a headerless paste are harmless; inside a counted block they shift atoms.
      if (declared === null) continue;
      throw new ChemInputError('text', 'expected element and three coordinates, found a blank line', lineNumber);
    }
    const tokens = line.trim().split(/\s+/);
    if (tokens.length < 4) throw new ChemInputError('text', 'expected element and three coordinates', lineNumber);
    const lookup = lookupElement(tokens[0]!);
    if (!lookup.ok) throw new ChemInputError('text', lookup.message, lineNumber);
    const [x, y, z] = (['x', 'y', 'z'] as const).map((axis, offset) => readCoordinate(tokens[offset + 1]!, axis, lineNumber));
    atoms.push({ element: lookup.element.symbol, x: x!, y: y!, z: z! });
    if (atoms.length > maxAtoms) {
      throw new ChemInputError('text', `more than ${maxAtoms} atoms: the limit is ${maxAtoms} atoms`, lineNumber);
    }
  }
  return atoms;
}

function readCoordinate(token: string, axis: 'x' | 'y' | 'z', lineNumber: number): number {
  if (!NUMBER.test(token)) {
    const finiteWord = /^[+-]?(nan|inf|infinity)$/i.test(token);
    throw new ChemInputError(
      'text',
      finiteWord
        ? `${axis} coordinate '${truncateForMessage(token)}' is not a finite number`
        : `${axis} coordinate '${truncateForMessage(token)}' is not a number`,
      lineNumber,
    );
  }
  const value = Number(token.replace(/[dD]/, 'e'));
  if (!Number.isFinite(value)) {
    throw new ChemInputError('text', `${axis} coordinate '${truncateForMessage(token)}' is not a finite number`, lineNumber);
  }
  return value;
}
