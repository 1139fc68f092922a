import { describe, expect, it } from 'vitest';
import {
  parseEngrad,
  parseG98Frequencies,
  parseTurbomoleGradient,
  parseVibspectrum,
  parseXtbJson,
  parseXtbOutputFiles,
  parseXtbStdout,
} from './parse-xtb-output.ts';

// xtb ≥ 6.6 spellings (src/main/json.F90): units after " / ".
const JSON_NEW = `{
   "total energy":          -5.07032513,
   "HOMO-LUMO gap / eV":          15.15742581,
   "electronic energy":          -5.10522690,
   "dipole / a.u.": [     0.00000000,     0.00000000,    -0.89636558],
   "partial charges": [
      -0.56,
       0.28,
       0.28],
   "orbital energies / eV": [ -18.2, -14.9, -13.5, -11.8, 3.3, 7.6],
   "fractional occupation": [ 2.0, 2.0, 2.0, 2.0, 0.0, 0.0],
   "total enthalpy":  -5.0615,
   "total free energy":  -5.0829,
   "vibrational frequencies / rcm": [ 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1442.9, 3599.2, 3600.8],
   "IR intensities / km/mol": [ 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 196.3, 129.4, 35.7],
   "xtb version": "6.7.1 (abcdef)",
}`;

// xtb 6.5.1 spellings (as written on this machine).
const JSON_OLD = `{
   "total energy":          -5.08502105,
   "HOMO-LUMO gap/eV":          14.77346992,
   "dipole": [     0.00000000,     0.00000000,    -1.00150639],
   "orbital energies/eV": [ -18.23, 2.95],
   "fractional occupation": [ 2.0, 0.0],
   "IR intensities/amu": [ 161.7, 196.3],
   "vibrational frequencies/rcm": [ -0.00003948, 1442.93189810],
   "xtb version": "6.5.1 (unknown)"
}`;

describe('parseXtbJson', () => {
  it('reads the xtb ≥ 6.6 spelling (and survives a trailing comma)', () => {
    const j = parseXtbJson(JSON_NEW)!;
    expect(j.totalEnergyEh).toBe(-5.07032513);
    expect(j.gapEv).toBe(15.15742581);
    expect(j.dipoleAu).toEqual([0, 0, -0.89636558]);
    expect(j.orbitalEnergiesEv).toHaveLength(6);
    expect(j.irIntensitiesKmMol?.[6]).toBe(196.3);
    expect(j.totalFreeEnergyEh).toBe(-5.0829);
    expect(j.xtbVersion).toBe('6.7.1 (abcdef)');
  });
  it('reads the xtb 6.5 spelling', () => {
    const j = parseXtbJson(JSON_OLD)!;
    expect(j.gapEv).toBe(14.77346992);
    expect(j.dipoleAu).toEqual([0, 0, -1.00150639]);
    expect(j.frequenciesCm1).toEqual([-0.00003948, 1442.9318981]);
    expect(j.occupations).toEqual([2, 0]);
  });
  it('returns null for garbage', () => {
    expect(parseXtbJson('not json')).toBeNull();
  });
});

describe('file parsers', () => {
  it('reads a Turbomole gradient and an engrad file', () => {
    const gradient = `$grad
  cycle =      1    SCF energy =    -5.07032512856   |dE/dxyz| =  0.008099
    0.00000000000000      0.00000000000000      0.22259084021904      O
    0.00000000000000      1.42759927002289     -0.89036525060229      H
    0.00000000000000     -1.42759927002289     -0.89036525060229      H
  -8.0162895909757D-12   8.7303998674088E-12   3.6376764595061E-03
   4.4065491240746E-12  -4.7825079527661E-03  -1.8188382212797E-03
   3.6097404669010E-12   4.7825079440357E-03  -1.8188382382264E-03
$end`;
    const g = parseTurbomoleGradient(gradient)!;
    expect(g.energyEh).toBe(-5.07032512856);
    expect(g.atoms.map((a) => a.element)).toEqual(['O', 'H', 'H']);
    expect(g.gradientEhPerBohr[1]![1]).toBeCloseTo(-4.7825079527661e-3, 15);
    expect(g.gradientEhPerBohr[0]![0]).toBeCloseTo(-8.0162895909757e-12, 20);

    const engrad = `#\n# Number of atoms\n#\n 2\n#\n# The current total energy in Eh\n#\n -1.0\n#\n# The current gradient in Eh/bohr\n#\n 0.1\n 0.2\n 0.3\n -0.1\n -0.2\n -0.3\n#\n# The atomic numbers and current coordinates in Bohr\n#\n 1 0.0 0.0 0.0\n 1 0.0 0.0 1.4\n`;
    const e = parseEngrad(engrad)!;
    expect(e.energyEh).toBe(-1);
    expect(e.gradientEhPerBohr).toEqual([
      [0.1, 0.2, 0.3],
      [-0.1, -0.2, -0.3],
    ]);
    expect(e.atoms[1]).toEqual({ element: 'H', xyzBohr: [0, 0, 1.4] });
  });

  it('keeps vibrations and drops translations/rotations', () => {
    const vib = `$vibrational spectrum
#  mode     symmetry     wave number   IR intensity    selection rules
#                         cm**(-1)      (km*mol⁻¹)       IR     RAMAN
     1                      -0.00         0.00000        -       -
     6                       0.00         0.00000        -       -
     7        a           -42.10        1.50000       YES     YES
     8        a           3599.21       129.42595       YES     YES
$end`;
    expect(parseVibspectrum(vib)).toEqual([
      { wavenumberCm1: -42.1, irIntensityKmMol: 1.5, reducedMassAmu: null },
      { wavenumberCm1: 3599.21, irIntensityKmMol: 129.42595, reducedMassAmu: null },
    ]);
    const g98 = ` Frequencies --  1442.9319              3599.2109              3600.8179
 Red. masses --     2.1362                 2.1395                 1.5572
 IR Inten    --   196.3185               129.4260                35.6859`;
    expect(parseG98Frequencies(g98)?.[2]).toEqual({ wavenumberCm1: 3600.8179, irIntensityKmMol: 35.6859, reducedMassAmu: 1.5572 });
  });
});

describe('parseXtbStdout', () => {
  it('reads the verdicts an optimisation stopped by its cycle limit prints', () => {
    const out = parseXtbStdout(`   * xtb version 6.5.1 (unknown) compiled by 'builduser@buildhost' on 2022-12-09
          :   optimization level            normal          :
.............................. CYCLE    1 ..............................
   *** convergence criteria satisfied after 7 iterations ***
.............................. CYCLE    2 ..............................
   *** FAILED TO CONVERGE GEOMETRY OPTIMIZATION IN 2 ITERATIONS ***
          | TOTAL ENERGY              -42.123456789012 Eh   |
`);
    expect(out.xtbVersion).toBe('6.5.1 (unknown)');
    expect(out.optimizationRan).toBe(true);
    expect(out.optimizationConverged).toBe(false);
    expect(out.optimizationCycles).toBe(2);
    expect(out.scfIterations).toBe(7);
    expect(out.totalEnergyEh).toBe(-42.123456789012);
  });

  it('combines files with the new JSON spelling', () => {
    const parsed = parseXtbOutputFiles({ json: JSON_NEW }, 'normal termination of xtb', '', [
      { element: 'O', x: 0, y: 0, z: 0.1178 },
      { element: 'H', x: 0, y: 0.7555, z: -0.4712 },
      { element: 'H', x: 0, y: -0.7555, z: -0.4712 },
    ]);
    expect(parsed.normalTermination).toBe(true);
    expect(parsed.totalEnergyEh).toBe(-5.07032513);
    expect(parsed.homoEv).toBe(-11.8);
    expect(parsed.lumoEv).toBe(3.3);
    expect(parsed.dipoleMagnitudeDebye).toBeCloseTo(0.89636558 * 2.54174623, 6);
    expect(parsed.atoms.map((a) => a.charge)).toEqual([-0.56, 0.28, 0.28]);
    expect(parsed.vibrations?.map((v) => v.wavenumberCm1)).toEqual([1442.9, 3599.2, 3600.8]);
  });

  it('does not take abnormal termination for normal', () => {
    expect(parseXtbOutputFiles({}, '', 'abnormal termination of xtb').normalTermination).toBe(false);
  });
});
