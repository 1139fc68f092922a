// Internal messages from OpenChemLib and from xtb's self-check, as the editor shows them.
import { describe, expect, it } from 'vitest';
import { Molecule } from 'openchemlib';
import { reasonInWords } from '@/lib/xtb/reason-in-words';
import { parserMessage } from './preview-geometry';

describe('messages in words', () => {
  it('OpenChemLib parser errors lose their Java class names', () => {
    const errorOf = (smiles: string) => {
      try {
        Molecule.fromSmiles(smiles);
      } catch (error) {
        return error;
      }
      throw new Error(`${smiles} was accepted`);
    };
    expect(parserMessage(errorOf('C1CC('))).toBe('dangling ring closure 1 (position 5)');
    expect(parserMessage(errorOf('CCО'))).not.toMatch(/Class\$|SmilesParser/);
    expect(parserMessage(new Error('Class$S19: '))).toBe('the structure is not valid');
  });

  it('the xtb self-check reason loses its code and routine names', () => {
    expect(
      reasonInWords('XTB_PARAMETERS_MISSING: xtb cannot run GFN0 here: xtb_calculator_newXTBCalculator: Parameter file param_gfn0-xtb.txt not found!'),
    ).toBe('the installed xtb has no parameter file for it (param_gfn0-xtb.txt)');
    expect(reasonInWords('XTB_CRASHED: xtb_main_setup: something broke.')).toBe('something broke');
    expect(reasonInWords(null)).toBe('the xtb self-check did not pass');
  });
});
