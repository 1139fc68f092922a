// Geometry checks before xtb ever sees a structure. Measured here: Open Babel's --gen3d fast writes
// every atom at 0,0,0 (xtb stops with "atoms very close"), and an H 0.1 Å from O makes xtb report
// "normal termination" with a total energy of +23 Eh — so overlaps must be caught here, not there.
import { requireElement } from './elements.ts';
import type { Atom } from './parse-xyz.ts';

export type GeometryLimits = {
  /** Any two atoms closer than this are refused, whatever their radii. */
  minDistance?: number;
  /** …and closer than this fraction of the sum of their covalent radii. */
  minCovalentFraction?: number;
  /** Coordinates beyond ±this many Å are refused (unit mix-ups, e.g. picometres or bohr × 1000). */
  maxAbsCoordinate?: number;
};

export const DEFAULT_MIN_DISTANCE = 0.5;
export const DEFAULT_MIN_COVALENT_FRACTION = 0.5;
export const DEFAULT_MAX_ABS_COORDINATE = 1_000;

export type GeometryProblem =
  | { kind: 'all-at-one-point'; message: string }
  | { kind: 'coordinate-too-large'; message: string; atom: number }
  | { kind: 'atoms-too-close'; message: string; atoms: [number, number]; distance: number; clashes: number };

/** The first problem found, or null for a usable geometry. Atom numbers in messages are 1-based. */
export function findGeometryProblem(atoms: readonly Atom[], limits: GeometryLimits = {}): GeometryProblem | null {
  const minDistance = limits.minDistance ?? DEFAULT_MIN_DISTANCE;
  const fraction = limits.minCovalentFraction ?? DEFAULT_MIN_COVALENT_FRACTION;
  const maxAbs = limits.maxAbsCoordinate ?? DEFAULT_MAX_ABS_COORDINATE;

  for (const [index, atom] of atoms.entries()) {
    const largest = Math.max(Math.abs(atom.x), Math.abs(atom.y), Math.abs(atom.z));
    if (!(largest <= maxAbs)) {
      return {
        kind: 'coordinate-too-large',
        atom: index + 1,
        message: `atom ${index + 1} (${atom.element}) has a coordinate of ${largest.toPrecision(6)} Å; coordinates must be within ±${maxAbs} Å (are the units Å?)`,
      };
    }
  }

  if (atoms.length > 1 && atoms.every((atom) => atom.x === atoms[0]!.x && atom.y === atoms[0]!.y && atom.z === atoms[0]!.z)) {
    const { x, y, z } = atoms[0]!;
    return {
      kind: 'all-at-one-point',
      message: `all ${atoms.length} atoms are at the same point (${x}, ${y}, ${z}): the structure has no 3D coordinates`,
    };
  }

  const radii = atoms.map((atom) => requireElement(atom.element).covalentRadius);
  const largestRadius = Math.max(...radii);
  // Spatial hashing keeps this linear for big inputs: no pair farther apart than a cell can clash.
  const cell = Math.max(minDistance, fraction * 2 * largestRadius);
  const grid = new Map<string, number[]>();
  let closest: { i: number; j: number; distance: number } | null = null;
  let clashes = 0;
  for (const [j, atom] of atoms.entries()) {
    const cx = Math.floor(atom.x / cell);
    const cy = Math.floor(atom.y / cell);
    const cz = Math.floor(atom.z / cell);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (let dz = -1; dz <= 1; dz++) {
          for (const i of grid.get(`${cx + dx},${cy + dy},${cz + dz}`) ?? []) {
            const other = atoms[i]!;
            const distance = Math.hypot(atom.x - other.x, atom.y - other.y, atom.z - other.z);
            const threshold = Math.max(minDistance, fraction * (radii[i]! + radii[j]!));
            if (distance < threshold) {
              clashes++;
              if (!closest || distance < closest.distance) closest = { i, j, distance };
            }
          }
        }
      }
    }
    const key = `${cx},${cy},${cz}`;
    const bucket = grid.get(key);
    if (bucket) bucket.push(j);
    else grid.set(key, [j]);
  }
  if (closest) {
    const a = atoms[closest.i]!;
    const b = atoms[closest.j]!;
    const threshold = Math.max(minDistance, fraction * (radii[closest.i]! + radii[closest.j]!));
    const others = clashes > 1 ? ` (${clashes - 1} other pair${clashes === 2 ? '' : 's'} too close as well)` : '';
    return {
      kind: 'atoms-too-close',
      atoms: [closest.i + 1, closest.j + 1],
      distance: closest.distance,
      clashes,
      message:
        `atoms ${closest.i + 1} (${a.element}) and ${closest.j + 1} (${b.element}) are ${closest.distance.toFixed(3)} Å apart; ` +
        `the minimum is ${threshold.toFixed(2)} Å${others}`,
    };
  }
  return null;
}
