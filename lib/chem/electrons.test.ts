import { describe, expect, it } from 'vitest';
import { countElectrons } from './electrons.ts';

describe('countElectrons', () => {
  it('counts electrons as the sum of Z minus the charge', () => {
    expect(countElectrons({ nuclearCharge: 10, charge: 0, uhf: 0 })).toEqual({ ok: true, electrons: 10 });
    expect(countElectrons({ nuclearCharge: 10, charge: 1, uhf: 1 })).toEqual({ ok: true, electrons: 9 });
    expect(countElectrons({ nuclearCharge: 16, charge: 0, uhf: 2 })).toEqual({ ok: true, electrons: 16 });
  });

  it('refuses a spin that contradicts the electron count', () => {
    expect(countElectrons({ nuclearCharge: 12, charge: 0, uhf: 1 })).toEqual({
      ok: false,
      issues: [
        {
          field: 'uhf',
          message:
            '12 electrons with charge 0 cannot have 1 unpaired electron: parity mismatch: ' +
            'use an even number of unpaired electrons (0 for a closed shell) or change the charge',
        },
      ],
    });
    const cation = countElectrons({ nuclearCharge: 10, charge: 1, uhf: 0 });
    expect(!cation.ok && cation.issues[0]!.message).toBe(
      '9 electrons with charge +1 cannot have 0 unpaired electrons: parity mismatch: ' +
        'use an odd number of unpaired electrons (1 for a doublet) or change the charge',
    );
  });

  it('refuses more unpaired electrons than electrons, and no electrons at all', () => {
    const tooMany = countElectrons({ nuclearCharge: 2, charge: 0, uhf: 4 });
    expect(!tooMany.ok && tooMany.issues[0]!.message).toBe('4 unpaired electrons exceed the 2 electrons of the molecule (charge 0)');
    const proton = countElectrons({ nuclearCharge: 1, charge: 1, uhf: 0 });
    expect(!proton.ok && proton.issues[0]).toEqual({ field: 'charge', message: 'charge +1 leaves 0 electrons: nothing to compute' });
  });

  it('bounds the charge and requires whole numbers', () => {
    const result = countElectrons({ nuclearCharge: 100, charge: 11, uhf: -1 });
    expect(!result.ok && result.issues).toEqual([
      { field: 'charge', message: 'charge +11 is outside the allowed range -10 to +10' },
      { field: 'uhf', message: 'unpaired electrons must be a whole number of at least 0, got -1' },
    ]);
    const fractional = countElectrons({ nuclearCharge: 10, charge: 0.5, uhf: 0 });
    expect(!fractional.ok && fractional.issues[0]!.message).toBe('charge must be a whole number, got 0.5');
  });
});
