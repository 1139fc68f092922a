import { describe, expect, it } from 'vitest';
import { BOHR_IN_ANGSTROM, DEBYE_PER_AU, parseXtbOutputFiles, parseXtbStdout, type Vec3 } from './parse-xtb-output.ts';
import { centreOfMassAngstrom, countImaginaryModes, dipoleForStorage, isImaginaryMode, storedXtbResults } from './stored-results.ts';

describe("imaginary modes: xtb's −20 cm⁻¹ convention, one function", () => {
  it('counts below −20 cm⁻¹ only; null without frequencies', () => {
    expect(isImaginaryMode(-20.01)).toBe(true);
    expect(isImaginaryMode(-20)).toBe(false);
    expect(isImaginaryMode(-12.3)).toBe(false);
    expect(countImaginaryModes([{ wavenumberCm1: -971 }, { wavenumberCm1: -15 }, { wavenumberCm1: 30 }])).toBe(1);
    expect(countImaginaryModes(null)).toBeNull();
  });
});

describe('dipoleForStorage', () => {
  const atoms = [
    { element: 'C', x: 0.98391, y: -0.04373, z: 0.05783 },
    { element: 'O', x: 3.06012, y: -1.03415, z: -0.43828 },
    { element: 'H', x: 0.60211, y: -0.96058, z: -0.40143 },
  ];
  it("an ion's dipole about the centre of mass does not depend on where the ion sits", () => {
    const mu: Vec3 = [-5.941, 0.025, -0.138];
    const d = 10 / BOHR_IN_ANGSTROM;
    // xtb's dipole about the origin changes by q·d when every atom moves by d.
    const moved = {
      dipoleAu: [mu[0] - d, mu[1] - d, mu[2] - d] as Vec3,
      dipoleMagnitudeDebye: null,
      finalAtoms: atoms.map((a) => ({ ...a, x: a.x + 10, y: a.y + 10, z: a.z + 10 })),
    };
    const here = dipoleForStorage({ dipoleAu: mu, dipoleMagnitudeDebye: null, finalAtoms: atoms }, -1)!;
    const there = dipoleForStorage(moved, -1)!;
    expect(here.reference).toBe('centre_of_mass');
    expect(there.magnitudeDebye).toBeCloseTo(here.magnitudeDebye, 9);
    expect(there.xDebye).toBeCloseTo(here.xDebye, 9);
    const com = centreOfMassAngstrom(atoms);
    expect(here.xDebye).toBeCloseTo((mu[0] + com[0] / BOHR_IN_ANGSTROM) * DEBYE_PER_AU, 9);
  });

  it("a neutral molecule keeps xtb's printed magnitude and is origin-independent", () => {
    const stored = dipoleForStorage({ dipoleAu: [0.503, -0.479, 0.526], dipoleMagnitudeDebye: 2.216, finalAtoms: atoms }, 0)!;
    expect(stored).toMatchObject({ magnitudeDebye: 2.216, reference: 'origin_independent' });
    expect(stored.xDebye).toBeCloseTo(0.503 * DEBYE_PER_AU, 12);
  });

  it('no dipole without one printed', () => {
    expect(dipoleForStorage({ dipoleAu: null, dipoleMagnitudeDebye: null, finalAtoms: atoms }, -1)).toBeNull();
  });
});

describe('storedXtbResults', () => {
  it('marks a result computed at a raised electronic temperature', () => {
    const parsed = parseXtbOutputFiles({}, '          | TOTAL ENERGY              -5.070325128562 Eh   |\nnormal termination of xtb\n');
    const stored = storedXtbResults(parsed, { task: 'sp', method: 'gfnff', charge: 0, requestedEtemp: 300, usedEtemp: 1000 });
    expect(stored.warnings).toHaveLength(1);
    expect(stored.warnings[0]!.code).toBe('RAISED_ETEMP');
    expect(stored.warnings[0]!.message).toContain('raised to 1000 K (requested 300 K)');
    expect(storedXtbResults(parsed, { task: 'sp', method: 'gfnff', charge: 0, requestedEtemp: 300, usedEtemp: 300 }).warnings).toEqual([]);
  });
});

describe('parser: GFN1 dipole block', () => {
  it('reads "dipole moment from electron density" (4 decimals, au)', () => {
    const stdout = ` dipole moment from electron density (au)
     X       Y       Z   
  -0.7513   1.1273  -0.7136  total (Debye):    3.892
`;
    const out = parseXtbStdout(stdout);
    expect(out.dipoleAu).toEqual([-0.7513, 1.1273, -0.7136]);
    expect(out.dipoleMagnitudeDebye).toBe(3.892);
    expect(out.dipoleDecimals).toBe(4);
  });
});
