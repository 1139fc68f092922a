// The XYZ text xtb reads and writes. xtb's reader trusts its input (a BOM or a stray line breaks it),
// so the worker always writes XYZ from parsed atoms, never from uploaded bytes.
import { atomicNumberOf, elementSymbol } from './elements.ts';

/** One atom: element symbol and Cartesian position in Å. */
export interface XyzAtom {
  element: string;
  x: number;
  y: number;
  z: number;
}

/** XYZ text for xtb: count line, one-line comment, "El x y z" rows with canonical symbols. */
export function formatXyz(atoms: readonly XyzAtom[], comment = ''): string {
  const safeComment = comment.replace(/[\r\n]+/g, ' ').replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
  const rows = atoms.map((atom, i) => {
    const z = atomicNumberOf(atom.element);
    if (z === null) throw new Error(`atom ${i + 1}: unknown element "${atom.element}"`);
    for (const value of [atom.x, atom.y, atom.z]) {
      if (!Number.isFinite(value)) throw new Error(`atom ${i + 1}: coordinate is not a finite number`);
    }
    const coord = (v: number) => v.toFixed(8).padStart(16);
    return `${elementSymbol(z).padEnd(2)} ${coord(atom.x)} ${coord(atom.y)} ${coord(atom.z)}`;
  });
  return `${atoms.length}\n${safeComment}\n${rows.join('\n')}\n`;
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
      const [element, x, y, z] = [parts[0] ?? '', Number(parts[1]), Number(parts[2]), Number(parts[3])];
      if (atomicNumberOf(element) === null || ![x, y, z].every(Number.isFinite)) break;
      frame.push({ element: elementSymbol(atomicNumberOf(element)!), x, y, z });
    }
    if (frame.length !== count || count === 0) return last;
    last = frame;
    i += 2 + count;
  }
  return last;
}
