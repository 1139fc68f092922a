// Calculation parameters: one schema shared by the editor form, the submit action, user
// preferences (calculation defaults) and the worker. Database columns in calculations mirror it.
import { z } from 'zod';

export const METHODS = ['gfn2', 'gfn1', 'gfn0', 'gfnff'] as const;
export const TASKS = ['sp', 'opt', 'hess', 'ohess'] as const;
export const OPT_LEVELS = ['crude', 'sloppy', 'loose', 'lax', 'normal', 'tight', 'vtight', 'extreme'] as const;
export const SOLVATION_MODELS = ['none', 'alpb', 'gbsa'] as const;

export type Method = (typeof METHODS)[number];
export type Task = (typeof TASKS)[number];
export type OptLevel = (typeof OPT_LEVELS)[number];

export const METHOD_LABELS: Record<Method, string> = { gfn2: 'GFN2-xTB', gfn1: 'GFN1-xTB', gfn0: 'GFN0-xTB', gfnff: 'GFN-FF' };
export const TASK_LABELS: Record<Task, string> = {
  sp: 'Single point',
  opt: 'Geometry optimisation',
  hess: 'Frequencies',
  ohess: 'Optimisation + frequencies',
};

/**
 * A number typed in a form: blank is missing (never 0) and text that is not a number says so in words,
 * instead of zod's "expected number, received NaN".
 */
function numberField(label: string, rules: (n: z.ZodNumber) => z.ZodNumber) {
  return z.preprocess(
    (value) => (typeof value === 'string' ? (value.trim() === '' ? undefined : Number(value.trim())) : value),
    rules(z.number({ error: (issue) => (issue.input === undefined ? `${label} is required.` : `${label} must be a number.`) })),
  );
}

export const calculationParamsSchema = z
  .object({
    method: z.enum(METHODS),
    task: z.enum(TASKS),
    optLevel: z.enum(OPT_LEVELS),
    solvationModel: z.enum(SOLVATION_MODELS),
    solvent: z.string().trim().toLowerCase().max(40).optional(),
    charge: numberField('Charge', (n) => n.int('Charge must be a whole number.').min(-10, 'Charge must be between −10 and +10.').max(10, 'Charge must be between −10 and +10.')),
    uhf: numberField('Unpaired electrons', (n) => n.int('Unpaired electrons must be a whole number.').min(0, 'Unpaired electrons cannot be negative.').max(20, 'At most 20 unpaired electrons.')),
    etemp: numberField('Electronic temperature', (n) => n.gt(0, 'Electronic temperature must be above 0 K.').max(50_000, 'Electronic temperature must be at most 50 000 K.')),
    accuracy: numberField('Accuracy', (n) => n.min(0.0001, 'Accuracy must be between 0.0001 and 1000.').max(1000, 'Accuracy must be between 0.0001 and 1000.')),
    maxIterations: numberField('Max SCF iterations', (n) => n.int('Max SCF iterations must be a whole number.').min(1, 'At least 1 SCF iteration.').max(10_000, 'At most 10 000 SCF iterations.')),
  })
  .superRefine((p, ctx) => {
    if (p.solvationModel !== 'none' && !p.solvent) {
      ctx.addIssue({ code: 'custom', path: ['solvent'], message: 'Choose a solvent for implicit solvation.' });
    }
    if (p.method === 'gfnff' && p.uhf !== 0) {
      ctx.addIssue({ code: 'custom', path: ['uhf'], message: 'GFN-FF is a force field: it has no unpaired electrons.' });
    }
  });

export type CalculationParams = z.infer<typeof calculationParamsSchema>;

export const DEFAULT_CALCULATION_PARAMS: CalculationParams = {
  method: 'gfn2',
  task: 'opt',
  optLevel: 'normal',
  solvationModel: 'none',
  solvent: undefined,
  charge: 0,
  uhf: 0,
  etemp: 300,
  accuracy: 1,
  maxIterations: 250,
};
