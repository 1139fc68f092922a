import { describe, expect, it } from 'vitest';
import { ELEMENTS, elementByAtomicNumber, hillFormula, lookupElement, molarMass } from './elements.ts';

describe('elements', () => {
  it('covers H to Rn with radii and masses', () => {
    expect(ELEMENTS).toHaveLength(86);
    expect(ELEMENTS[0]).toMatchObject({ symbol: 'H', atomicNumber: 1 });
    expect(ELEMENTS[85]).toMatchObject({ symbol: 'Rn', atomicNumber: 86 });
    for (const element of ELEMENTS) {
      expect(element.covalentRadius).toBeGreaterThan(0.2);
      expect(element.mass).toBeGreaterThan(element.atomicNumber);
    }
  });

  it('reads symbols in any case and atomic numbers', () => {
    for (const token of ['Cl', 'cl', 'CL', '17']) {
      const lookup = lookupElement(token);
      expect(lookup.ok && lookup.element.symbol).toBe('Cl');
    }
    const deuterium = lookupElement('D');
    expect(deuterium.ok && deuterium.element.symbol).toBe('H');
  });

  it('refuses elements beyond Rn by name, and unknown symbols', () => {
    expect(lookupElement('U')).toEqual({ ok: false, message: 'uranium (U, Z = 92) is not supported: xTB parametrises H–Rn (Z 1–86)' });
    expect(elementByAtomicNumber(87)).toEqual({
      ok: false,
      message: 'francium (Fr, Z = 87) is not supported: xTB parametrises H–Rn (Z 1–86)',
    });
    expect(lookupElement('Xx')).toEqual({ ok: false, message: "unknown element 'Xx'" });
    expect(elementByAtomicNumber(0)).toEqual({ ok: false, message: 'atomic number 0 is not an element' });
    expect(elementByAtomicNumber(119)).toEqual({ ok: false, message: 'atomic number 119 is not an element' });
  });

  it('writes Hill formulas and molar masses', () => {
    expect(hillFormula(['O', 'H', 'H'])).toBe('H2O');
    expect(hillFormula(['N', 'C', 'H', 'H', 'H', 'Cl', 'Br'])).toBe('CH3BrClN');
    expect(hillFormula(['Na', 'Cl'])).toBe('ClNa');
    expect(molarMass(['O', 'H', 'H'])).toBeCloseTo(18.015, 3);
  });
});
