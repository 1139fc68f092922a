import { describe, expect, it } from 'vitest';
import { parameterRow, paramsFromRow, toXtbParameters } from './map-parameters.ts';
import { calculationParamsSchema, DEFAULT_CALCULATION_PARAMS, type CalculationParams } from './parameters.ts';

const params = (over: Partial<CalculationParams> = {}): CalculationParams => ({ ...DEFAULT_CALCULATION_PARAMS, ...over });

describe('parameters ↔ calculations columns ↔ xtb', () => {
  it('stores what applies and reads it back unchanged', () => {
    const p = params({ task: 'ohess', optLevel: 'tight', solvationModel: 'alpb', solvent: 'water', charge: -1, uhf: 1, maxOptCycles: 40, timeoutSeconds: 600 });
    const row = parameterRow(p);
    expect(row).toEqual({
      method: 'gfn2',
      task: 'ohess',
      opt_level: 'tight',
      solvation_model: 'alpb',
      solvent: 'water',
      charge: -1,
      uhf: 1,
      etemp: 300,
      accuracy: 1,
      max_scf_iterations: 250,
      timeout_seconds: 600,
      max_opt_cycles: 40,
    });
    expect(paramsFromRow(row)).toEqual(p);
  });

  it('drops the optimisation level and cycles of a task that does not optimise, and a solvent without a model', () => {
    const row = parameterRow(params({ task: 'sp', optLevel: 'tight', maxOptCycles: 40, solvationModel: 'none', solvent: 'water' }));
    expect(row).toMatchObject({ opt_level: null, max_opt_cycles: null, solvation_model: null, solvent: null, timeout_seconds: null });
    expect(paramsFromRow(row)).toMatchObject({ optLevel: 'normal', solvationModel: 'none', solvent: undefined, maxOptCycles: undefined });
  });

  it('gives xtb solvation as one object and leaves the time limit out', () => {
    const xtb = toXtbParameters(params({ task: 'opt', solvationModel: 'gbsa', solvent: 'thf', maxOptCycles: 7, timeoutSeconds: 60 }));
    expect(xtb).toEqual({
      method: 'gfn2',
      task: 'opt',
      optLevel: 'normal',
      solvation: { model: 'gbsa', solvent: 'thf' },
      charge: 0,
      uhf: 0,
      etemp: 300,
      accuracy: 1,
      maxIterations: 250,
      maxOptCycles: 7,
    });
  });
});

describe('calculationParamsSchema', () => {
  const issues = (input: object) => {
    const r = calculationParamsSchema.safeParse({ ...DEFAULT_CALCULATION_PARAMS, ...input });
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
  };

  it('checks the time and cycle limits with the limit named', () => {
    expect(issues({ timeoutSeconds: 0 })).toEqual({ timeoutSeconds: 'The time limit must be between 1 and 21600 seconds.' });
    expect(issues({ timeoutSeconds: 1.5 })).toEqual({ timeoutSeconds: 'The time limit must be a whole number.' });
    expect(issues({ maxOptCycles: 10_001 })).toEqual({ maxOptCycles: 'The optimisation cycle limit must be between 1 and 10 000.' });
    expect(issues({ timeoutSeconds: 3600, maxOptCycles: 50 })).toEqual({});
  });

  it('refuses a solvent the model is not parametrised for, and says so in words', () => {
    expect(issues({ solvationModel: 'gbsa', solvent: 'ethanol' })).toEqual({ solvent: '"ethanol" is not parametrised for GBSA with GFN2-xTB.' });
    expect(issues({ solvationModel: 'alpb', solvent: 'Ethanol' })).toEqual({});
  });

  it('names a field that is not a number instead of reporting NaN', () => {
    expect(issues({ charge: 'abc' })).toEqual({ charge: 'Charge must be a number.' });
  });
});
