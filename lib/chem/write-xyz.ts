// xtb reads what we write, never what was uploaded: the XYZ is re-written from parsed atoms, with a
// plain-ASCII one-line comment (a stray BOM or control character breaks xtb 6.5.1's reader).
import { createHash } from 'node:crypto';
import type { Atom } from './parse-xyz.ts';

export function writeXyz(atoms: readonly Atom[], comment = ''): string {
  const safeComment = comment
    .replace(/[^\x20-\x7e]+/g, ' ')
    .trim()
    .slice(0, 200);
  const lines = atoms.map((atom) => `${atom.element.padEnd(2)} ${formatCoordinate(atom.x)} ${formatCoordinate(atom.y)} ${formatCoordinate(atom.z)}`);
  return `${atoms.length}\n${safeComment}\n${lines.join('\n')}\n`;
}

function formatCoordinate(value: number): string {
  return value.toFixed(8).padStart(15);
}

// 1e-4 Å: well below any chemically meaningful difference, well above text round-trip noise.
const HASH_DECIMALS = 4;

/**
 * sha256 of elements and coordinates rounded to 1e-4 Å, in atom order: the identity of a geometry
 * when there is no InChIKey (XYZ input), and of a calculation's input.
 */
export function geometryHash(atoms: readonly Atom[]): string {
  const canonical = atoms.map((atom) => [atom.element, roundForHash(atom.x), roundForHash(atom.y), roundForHash(atom.z)].join(' ')).join('\n');
  return createHash('sha256').update(canonical).digest('hex');
}

function roundForHash(value: number): string {
  const text = value.toFixed(HASH_DECIMALS);
  // -0.00004 rounds to "-0.0000", which must hash like 0.
  return /^-0\.0+$/.test(text) ? text.slice(1) : text;
}
