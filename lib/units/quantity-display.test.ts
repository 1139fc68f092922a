import { describe, expect, it } from 'vitest';
import { convertEnergy, formatEnergy, HARTREE_TO_KCAL_MOL, HARTREE_TO_KJ_MOL } from './format-energy.ts';
import {
  DEFAULT_QUANTITY_DISPLAY,
  formatDipole,
  formatEntropy,
  formatOrbital,
  formatThermochemistry,
  formatTotalEnergy,
  quantityDisplaySchema,
  resolveQuantityDisplay,
} from './quantity-display.ts';

describe('kJ/mol', () => {
  it('converts with CODATA 2018 (1 Eh = 2625.4996394799 kJ/mol = 4.184 × kcal/mol)', () => {
    expect(convertEnergy(1, 'kj_mol')).toBe(2625.4996394799);
    expect(HARTREE_TO_KJ_MOL / HARTREE_TO_KCAL_MOL).toBeCloseTo(4.184, 9);
    expect(formatEnergy(0.030470056052, 'kj_mol', 2)).toBe('80.00 kJ/mol');
  });
});

describe('a precision and unit per kind of quantity', () => {
  // Planar NH3 (GFN2) as xtb printed it.
  const totalEnergy = -4.415745616965;
  const homoEv = -9.43770182;
  const zpe = 0.030470056052;

  it('defaults: total energies in Eh (6), orbitals and gap in eV (3), thermochemistry in kcal/mol (2), dipoles in D (3)', () => {
    const d = DEFAULT_QUANTITY_DISPLAY;
    expect(formatTotalEnergy(totalEnergy, d)).toBe('-4.415746 Eh');
    expect(formatOrbital(homoEv, d)).toBe('-9.438 eV');
    expect(formatThermochemistry(zpe, d)).toBe('19.12 kcal/mol');
    expect(formatDipole(2.2157, d)).toBe('2.216 D');
    expect(formatEntropy(44.4658, d)).toBe('44.47 cal/(mol·K)');
  });

  it('thermochemistry in kJ/mol, with entropies in J/(mol·K)', () => {
    const d = resolveQuantityDisplay({ thermochemistry: { unit: 'kj_mol' } });
    expect(d.thermochemistry).toEqual({ unit: 'kj_mol', precision: 2 });
    expect(formatThermochemistry(zpe, d)).toBe('80.00 kJ/mol');
    expect(formatEntropy(44.4658, d)).toBe('186.04 J/(mol·K)'); // xtb prints 186.0449 J/K/mol
    // The other kinds keep their own settings.
    expect(formatTotalEnergy(totalEnergy, d)).toBe('-4.415746 Eh');
    expect(formatOrbital(homoEv, d)).toBe('-9.438 eV');
  });

  it('each kind keeps its own decimals', () => {
    const d = resolveQuantityDisplay({ totalEnergy: { unit: 'hartree', precision: 8 }, orbitalEnergy: { unit: 'ev', precision: 5 }, dipole: { precision: 2 } });
    expect(formatTotalEnergy(totalEnergy, d)).toBe('-4.41574562 Eh');
    expect(formatOrbital(homoEv, d)).toBe('-9.43770 eV');
    expect(formatDipole(2.2157, d)).toBe('2.22 D');
    expect(formatThermochemistry(zpe, d)).toBe('19.12 kcal/mol');
  });

  it('an earlier single unit and precision still apply to total energies; orbitals stay in eV', () => {
    const d = resolveQuantityDisplay({}, { energyUnit: 'kcal_mol', precision: 2 });
    expect(formatTotalEnergy(totalEnergy, d)).toBe(`${(totalEnergy * HARTREE_TO_KCAL_MOL).toFixed(2)} kcal/mol`);
    expect(formatOrbital(homoEv, d)).toBe('-9.438 eV');
  });

  it('garbage in the stored object falls back to defaults, kind by kind', () => {
    expect(resolveQuantityDisplay(null)).toEqual(DEFAULT_QUANTITY_DISPLAY);
    expect(resolveQuantityDisplay([1, 2])).toEqual(DEFAULT_QUANTITY_DISPLAY);
    const d = resolveQuantityDisplay({ totalEnergy: { unit: 'furlongs', precision: 99 }, orbitalEnergy: { unit: 'hartree' }, dipole: { precision: -1 } });
    expect(d.totalEnergy).toEqual(DEFAULT_QUANTITY_DISPLAY.totalEnergy);
    expect(d.orbitalEnergy).toEqual({ unit: 'hartree', precision: 5 }); // the unit's own default decimals
    expect(d.dipole.precision).toBe(3);
  });

  it('the form schema accepts a complete setting and refuses out-of-range decimals in words', () => {
    expect(quantityDisplaySchema.safeParse(DEFAULT_QUANTITY_DISPLAY).success).toBe(true);
    const bad = quantityDisplaySchema.safeParse({ ...DEFAULT_QUANTITY_DISPLAY, dipole: { precision: 13 } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toBe('Decimals must be between 0 and 12.');
  });

  it('missing values and negative zero', () => {
    expect(formatOrbital(null, DEFAULT_QUANTITY_DISPLAY)).toBe('—');
    expect(formatDipole(Number.NaN, DEFAULT_QUANTITY_DISPLAY, { missing: 'none' })).toBe('none');
    expect(formatThermochemistry(-1e-9, DEFAULT_QUANTITY_DISPLAY)).toBe('0.00 kcal/mol');
    expect(formatTotalEnergy(-1, DEFAULT_QUANTITY_DISPLAY, { withUnit: false })).toBe('-1.000000');
  });
});
