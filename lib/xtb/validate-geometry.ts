// Checks xtb 6.5.1 does not make itself: it segfaults on uranium, stops on atoms at one point, and runs
// an H 0.1 Å from O to "normal termination" at +23 Eh. Reject such input before xtb sees it.
import { MAX_XTB_ATOMIC_NUMBER, atomicNumberOf, covalentRadius, elementSymbol } from './elements.ts';
import type { XyzAtom } from './xyz-format.ts';

export interface GeometryIssue {
  code: 'EMPTY' | 'TOO_MANY_ATOMS' | 'UNKNOWN_ELEMENT' | 'UNSUPPORTED_ELEMENT' | 'BAD_COORDINATE' | 'ATOMS_TOO_CLOSE' | 'SPIN_PARITY';
  message: string;
  /** 1-based atom numbers the issue is about. */
  atoms?: number[];
}

export interface GeometryLimits {
  maxAtoms: number;
  /** Any pair closer than this is rejected (Å). */
  minDistance: number;
  /** ...and any pair closer than this fraction of the sum of covalent radii. */
  minCovalentFraction: number;
}

export const DEFAULT_GEOMETRY_LIMITS: GeometryLimits = { maxAtoms: 1000, minDistance: 0.5, minCovalentFraction: 0.4 };

/** Problems with a geometry (empty when xtb may be given it). Reports at most a few close pairs. */
export function validateGeometry(atoms: readonly XyzAtom[], limits: Partial<GeometryLimits> = {}): GeometryIssue[] {
  const { maxAtoms, minDistance, minCovalentFraction } = { ...DEFAULT_GEOMETRY_LIMITS, ...limits };
  if (atoms.length === 0) return [{ code: 'EMPTY', message: 'the geometry has no atoms' }];
  if (atoms.length > maxAtoms) {
    return [{ code: 'TOO_MANY_ATOMS', message: `${atoms.length} atoms is more than the limit of ${maxAtoms}` }];
  }
  const issues: GeometryIssue[] = [];
  const radii: number[] = [];
  atoms.forEach((atom, i) => {
    const z = atomicNumberOf(atom.element);
    if (z === null) {
      issues.push({ code: 'UNKNOWN_ELEMENT', message: `atom ${i + 1}: unknown element "${atom.element}"`, atoms: [i + 1] });
    } else if (z > MAX_XTB_ATOMIC_NUMBER) {
      issues.push({
        code: 'UNSUPPORTED_ELEMENT',
        message: `atom ${i + 1}: ${elementSymbol(z)} (Z = ${z}) is beyond radon, the heaviest element xTB parametrises`,
        atoms: [i + 1],
      });
    }
    if (![atom.x, atom.y, atom.z].every((v) => typeof v === 'number' && Number.isFinite(v))) {
      issues.push({ code: 'BAD_COORDINATE', message: `atom ${i + 1}: coordinates must be finite numbers`, atoms: [i + 1] });
    }
    radii.push(z !== null ? (covalentRadius(z) ?? 1.5) : 1.5);
  });
  if (issues.length > 0) return issues;

  let reported = 0;
  for (let i = 0; i < atoms.length; i += 1) {
    const a = atoms[i]!;
    for (let j = i + 1; j < atoms.length; j += 1) {
      const b = atoms[j]!;
      const dx = a.x - b.x;
      const dy = a.y - b.y;
      const dz = a.z - b.z;
      const distance = Math.sqrt(dx * dx + dy * dy + dz * dz);
      const threshold = Math.max(minDistance, minCovalentFraction * (radii[i]! + radii[j]!));
      if (distance < threshold) {
        reported += 1;
        if (reported <= 5) {
          issues.push({
            code: 'ATOMS_TOO_CLOSE',
            message: `atoms ${i + 1} (${a.element}) and ${j + 1} (${b.element}) are ${distance.toFixed(3)} Å apart (minimum ${threshold.toFixed(2)} Å)`,
            atoms: [i + 1, j + 1],
          });
        }
      }
    }
  }
  if (reported > 5) issues.push({ code: 'ATOMS_TOO_CLOSE', message: `${reported - 5} more pairs of atoms are too close` });
  return issues;
}

/**
 * Electron count vs unpaired electrons: xtb 6.5.1 runs water with --uhf 1 to "normal termination".
 * Returns an issue when the count is negative or its parity contradicts uhf.
 */
export function validateElectronCount(atoms: readonly XyzAtom[], charge: number, uhf: number): GeometryIssue | null {
  let protons = 0;
  for (const atom of atoms) protons += atomicNumberOf(atom.element) ?? 0;
  const electrons = protons - charge;
  if (electrons < 0) return { code: 'SPIN_PARITY', message: `charge ${charge} leaves ${electrons} electrons` };
  if (uhf > electrons) {
    return { code: 'SPIN_PARITY', message: `${uhf} unpaired electrons is more than the ${electrons} electrons present` };
  }
  if ((electrons - uhf) % 2 !== 0) {
    return {
      code: 'SPIN_PARITY',
      message: `${electrons} electrons (charge ${charge}) cannot have ${uhf} unpaired electron${uhf === 1 ? '' : 's'}: ` +
        `use an ${electrons % 2 === 0 ? 'even' : 'odd'} number`,
    };
  }
  return null;
}
