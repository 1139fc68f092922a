// The XYZ text xtb reads and writes. xtb's reader trusts its input (a BOM or a stray line breaks it),
// so the worker always writes XYZ from parsed atoms, never from uploaded bytes. The element table
// and the writer are lib/chem's; this module adds what only xtb output needs.
import { lookupElement } from '../chem/elements.ts';
import { writeXyz } from '../chem/write-xyz.ts';

/** One atom: element symbol and Cartesian position in Å. */
export interface XyzAtom {
  element: string;
  x: number;
  y: number;
  z: number;
}

/** Canonical symbol ("Cl") for a symbol in any case or an atomic number, or null for no xTB element. */
export function canonicalElement(token: string): string | null {
  const lookup = lookupElement(token);
  return lookup.ok ? lookup.element.symbol : null;
}

/** XYZ text for xtb: count line, one-line comment, "El x y z" rows with canonical symbols. */
export function formatXyz(atoms: readonly XyzAtom[], comment = ''): string {
  const checked = atoms.map((atom, i) => {
    const element = canonicalElement(atom.element);
    if (element === null) throw new Error(`atom ${i + 1}: unknown element "${atom.element}"`);
    if (![atom.x, atom.y, atom.z].every(Number.isFinite)) throw new Error(`atom ${i + 1}: coordinate is not a finite number`);
    return { ...atom, element };
  });
  return writeXyz(checked, comment);
}

/**
 * Atoms of the LAST frame in an XYZ text (xtbopt.xyz holds one frame, xtbopt.log many).
 * Returns null when the text holds no complete frame.
 */
export function parseXyzLastFrame(text: string): XyzAtom[] | null {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let last: XyzAtom[] | null = null;
  let i = 0;
  while (i < lines.length) {
    const countLine = lines[i]?.trim() ?? '';
    if (!/^\d+$/.test(countLine)) {
      i += 1;
      continue;
    }
    const count = Number(countLine);
    const frame: XyzAtom[] = [];
    for (let k = 0; k < count; k += 1) {
      const parts = (lines[i + 2 + k] ?? '').trim().split(/\s+/);
      const [x, y, z] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
      const element = canonicalElement(parts[0] ?? '');
      if (element === null || ![x, y, z].every(Number.isFinite)) break;
      frame.push({ element, x, y, z });
    }
    if (frame.length !== count || count === 0) return last;
    last = frame;
    i += 2 + count;
  }
  return last;
}
