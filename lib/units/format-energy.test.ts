import { describe, expect, it } from 'vitest';
import { convertEnergy, formatEnergy, formatOrbitalEnergy, HARTREE_TO_EV, HARTREE_TO_KCAL_MOL } from './format-energy.ts';

describe('formatEnergy', () => {
  it('converts Hartree with CODATA 2018 factors', () => {
    expect(convertEnergy(1, 'ev')).toBe(27.211386245988);
    expect(convertEnergy(1, 'kcal_mol')).toBeCloseTo(627.509474, 6);
    expect(convertEnergy(-5.07, 'hartree')).toBe(-5.07);
  });

  it('formats with the precision and unit label', () => {
    expect(formatEnergy(-5.070544440612, 'hartree', 6)).toBe('-5.070544 Eh');
    expect(formatEnergy(-5.070544440612, 'ev', 3)).toBe('-137.977 eV');
    expect(formatEnergy(-5.070544440612, 'kcal_mol', 2)).toBe('-3181.81 kcal/mol');
    expect(formatEnergy(1, 'ev', 4, { withUnit: false })).toBe('27.2114');
  });

  it('handles missing values, negative zero and silly precisions', () => {
    expect(formatEnergy(null, 'ev', 3)).toBe('—');
    expect(formatEnergy(Number.NaN, 'ev', 3, { missing: 'n/a' })).toBe('n/a');
    expect(formatEnergy(-1e-9, 'hartree', 3)).toBe('0.000 Eh');
    expect(formatEnergy(1.23456, 'hartree', 99)).toBe(`${(1.23456).toFixed(12)} Eh`);
    expect(formatEnergy(1.5, 'hartree', -3)).toBe('2 Eh');
  });

  it('formats eV-native orbital energies', () => {
    expect(formatOrbitalEnergy(-10.5, 'ev', 2)).toBe('-10.50 eV');
    expect(formatOrbitalEnergy(HARTREE_TO_EV, 'hartree', 6)).toBe('1.000000 Eh');
    expect(formatOrbitalEnergy(HARTREE_TO_EV, 'kcal_mol', 3)).toBe(`${HARTREE_TO_KCAL_MOL.toFixed(3)} kcal/mol`);
    expect(formatOrbitalEnergy(1, 'kcal_mol', 2)).toBe('23.06 kcal/mol');
  });
});
