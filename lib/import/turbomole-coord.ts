// Turbomole `coord` files (xtb reads and writes them: `$coord` in bohr, one "x y z element" line
// per atom, `$end`), turned into atoms in Å so that they go through the same XYZ validation as any
// other input.
import { BOHR_IN_ANGSTROM } from '../xtb/parse-xtb-output.ts';
import { canonicalElement, type XyzAtom } from '../xtb/xyz-format.ts';

/** The atoms of the `$coord` group; null when there is none or a line cannot be read. */
export function parseTurbomoleCoord(text: string): XyzAtom[] | null {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^\s*\$coord\b/.test(l));
  if (start < 0) return null;
  // `$coord angs` / `$coord frac` would need other units or a cell: only bohr is read.
  const unit = lines[start]!.trim().split(/\s+/)[1];
  if (unit !== undefined && unit !== 'bohr') return null;
  const atoms: XyzAtom[] = [];
  for (const line of lines.slice(start + 1)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('$')) break;
    if (trimmed === '') continue;
    const [x, y, z, symbol] = trimmed.split(/\s+/);
    const element = canonicalElement(symbol ?? '');
    const values = [x, y, z].map((v) => Number(String(v).replace(/[dD]/, 'e')));
    if (!element || !values.every(Number.isFinite)) return null;
    atoms.push({ element, x: values[0]! * BOHR_IN_ANGSTROM, y: values[1]! * BOHR_IN_ANGSTROM, z: values[2]! * BOHR_IN_ANGSTROM });
  }
  return atoms.length > 0 ? atoms : null;
}
