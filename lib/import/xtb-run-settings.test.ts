// What an earlier run was asked to do, from the lines xtb prints: its command line, the settings it
// printed as used, and .CHRG/.UHF. (import-xtb-runs.test.ts checks the same on real xtb output.)
import { describe, expect, it } from 'vitest';
import { parseXtbCommandLine, xtbRunSettings } from './xtb-run-settings.ts';

const call = (line: string, file = 'mol.xyz') => `          program call               : ${line}\n          coordinate file            : ${file}\n`;

describe('parseXtbCommandLine', () => {
  it('reads method, task, level, charge, spin, solvent and limits in their short and long forms', () => {
    expect(parseXtbCommandLine(call('xtb mol.xyz --ohess tight -c -1 -u 1 --gbsa h2o --etemp 500 --acc 0.5 --iterations 300 --cycles 50 -P 4'))).toEqual({
      text: 'xtb mol.xyz --ohess tight -c -1 -u 1 --gbsa h2o --etemp 500 --acc 0.5 --iterations 300 --cycles 50 -P 4',
      coordinateFile: 'mol.xyz',
      task: 'ohess',
      optLevel: 'tight',
      charge: -1,
      uhf: 1,
      solvation: { model: 'gbsa', solvent: 'water' },
      etemp: 500,
      accuracy: 0.5,
      maxIterations: 300,
      maxOptCycles: 50,
    });
    expect(parseXtbCommandLine(call('xtb --gfn 1 --opt --hess coord', 'coord'))).toMatchObject({ method: 'gfn1', task: 'ohess', coordinateFile: 'coord' });
    expect(parseXtbCommandLine(call('xtb mol.xyz --gfnff --alpb Toluene'))).toMatchObject({
      method: 'gfnff',
      solvation: { model: 'alpb', solvent: 'toluene' },
    });
    expect(parseXtbCommandLine(call('xtb mol.xyz --hess'))).toMatchObject({ task: 'hess' });
    expect(parseXtbCommandLine(call('xtb mol.xyz'))!.task).toBeUndefined();
  });

  it('names run types that are not imported, and is null without a program call', () => {
    expect(parseXtbCommandLine(call('xtb mol.xyz --omd'))!.unsupportedRunType).toBe('--omd');
    expect(parseXtbCommandLine(call('xtb mol.xyz --gfn 2 --md'))!.unsupportedRunType).toBe('--md');
    expect(parseXtbCommandLine('normal termination of xtb\n')).toBeNull();
  });
});

describe('xtbRunSettings', () => {
  const printed = `${call('xtb mol.xyz --chrg 1 --alpb water')}
          |                 G F N 2 - x T B                 |
      * Solvation model:               ALPB
        Solvent                        water
          :  max. iterations                   250          :
          :  electronic temp.          300.0000000     K    :
          :  accuracy                    1.0000000          :
         :: total charge               2.000000000000 e     ::
`;

  it('prefers what xtb printed as used over the command line, and the command line over .CHRG/.UHF', () => {
    const settings = xtbRunSettings(printed, parseXtbCommandLine(printed), { chrg: '3\n', uhf: '2\n' }, null, null);
    expect(settings).toEqual({
      method: 'gfn2',
      task: 'sp',
      optLevel: 'normal',
      solvation: { model: 'alpb', solvent: 'water' },
      charge: 2,
      uhf: 2,
      etemp: 300,
      accuracy: 1,
      maxIterations: 250,
      maxOptCycles: null,
    });
  });

  it("falls back to .CHRG/.UHF and xtb's defaults", () => {
    expect(xtbRunSettings('', null, { chrg: ' -1 ', uhf: '1' }, null, null)).toMatchObject({ method: 'gfn2', task: 'sp', charge: -1, uhf: 1, etemp: 300 });
    expect(xtbRunSettings('', null, {}, null, null)).toMatchObject({ charge: 0, uhf: 0, solvation: null });
  });
});
