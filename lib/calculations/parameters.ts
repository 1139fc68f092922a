// The calculation parameters, defined once: the vocabulary (methods, tasks, optimisation levels,
// solvation models, solvents), the zod schema every entry point parses with (editor form, server
// action, REST API, batches, user preferences) and the column each parameter is stored in.
// Adding an xtb parameter: a field here (schema and PARAMETER_COLUMNS), its flag in
// lib/xtb/build-xtb-args.ts, and a migration adding the column; the row type follows from
// PARAMETER_COLUMNS and a test holds it to the table. Safe for client components: no server imports.
import { z } from 'zod';
import { float, int, intOrNull, oneOf, oneOfOrNull, textOrNull, type ColumnSpec } from './column-spec.ts';

export const METHODS = ['gfn2', 'gfn1', 'gfn0', 'gfnff'] as const;
/** sp = single point, opt = optimisation, hess = frequencies, ohess = optimisation + frequencies. */
export const TASKS = ['sp', 'opt', 'hess', 'ohess'] as const;
export const OPT_LEVELS = ['crude', 'sloppy', 'loose', 'lax', 'normal', 'tight', 'vtight', 'extreme'] as const;
/** Implicit solvation models xtb offers (the database stores one of these or null). */
export const IMPLICIT_SOLVATION_MODELS = ['alpb', 'gbsa'] as const;
/** What the form offers: gas phase or an implicit solvation model. */
export const SOLVATION_MODELS = ['none', ...IMPLICIT_SOLVATION_MODELS] as const;

export type Method = (typeof METHODS)[number];
export type Task = (typeof TASKS)[number];
export type OptLevel = (typeof OPT_LEVELS)[number];
export type ImplicitSolvationModel = (typeof IMPLICIT_SOLVATION_MODELS)[number];
export type SolvationModel = (typeof SOLVATION_MODELS)[number];

export const METHOD_LABELS: Record<Method, string> = { gfn2: 'GFN2-xTB', gfn1: 'GFN1-xTB', gfn0: 'GFN0-xTB', gfnff: 'GFN-FF' };
export const TASK_LABELS: Record<Task, string> = {
  sp: 'Single point',
  opt: 'Geometry optimisation',
  hess: 'Frequencies',
  ohess: 'Optimisation + frequencies',
};

/** True when the task runs a geometry optimisation (opt level and cycle limit apply). */
export function taskOptimises(task: Task): boolean {
  return task === 'opt' || task === 'ohess';
}

/** True when the task computes a Hessian (frequencies and thermochemistry). */
export function taskComputesFrequencies(task: Task): boolean {
  return task === 'hess' || task === 'ohess';
}

// Solvent sets of xtb 6.5.1, measured on this install by running water with every name
// (src/solv/model.f90 at v6.5.1 agrees): ALPB is parametrised for 25 solvents with every method,
// GBSA for 14 with GFN2 and GFN-FF (which uses GFN2's GBSA set) and 12 with GFN1 (no DMF, no hexane).
const ALPB_SOLVENTS = [
  'acetone',
  'acetonitrile',
  'aniline',
  'benzaldehyde',
  'benzene',
  'ch2cl2',
  'chcl3',
  'cs2',
  'dioxane',
  'dmf',
  'dmso',
  'ethanol',
  'ether',
  'ethylacetate',
  'furane',
  'hexadecane',
  'hexane',
  'methanol',
  'nitromethane',
  'octanol',
  'phenol',
  'thf',
  'toluene',
  'water',
  'woctanol',
] as const;
const GBSA_SOLVENTS_GFN2 = [
  'acetone',
  'acetonitrile',
  'benzene',
  'ch2cl2',
  'chcl3',
  'cs2',
  'dmf',
  'dmso',
  'ether',
  'hexane',
  'methanol',
  'thf',
  'toluene',
  'water',
] as const;
const GBSA_SOLVENTS_GFN1 = GBSA_SOLVENTS_GFN2.filter((s) => s !== 'dmf' && s !== 'hexane');

/** Solvents xtb 6.5.1 accepts for a solvation model and method (lower-case names as xtb spells them). */
export const SOLVENTS: Readonly<Record<ImplicitSolvationModel, Readonly<Record<Method, readonly string[]>>>> = {
  alpb: { gfn2: ALPB_SOLVENTS, gfn1: ALPB_SOLVENTS, gfn0: ALPB_SOLVENTS, gfnff: ALPB_SOLVENTS },
  gbsa: { gfn2: GBSA_SOLVENTS_GFN2, gfn1: GBSA_SOLVENTS_GFN1, gfn0: GBSA_SOLVENTS_GFN2, gfnff: GBSA_SOLVENTS_GFN2 },
};

export function solventsFor(model: ImplicitSolvationModel, method: Method): readonly string[] {
  return SOLVENTS[model][method];
}

/** The longest time limit a submission may ask for (seconds). */
export const MAX_TIMEOUT_SECONDS = 6 * 3600;
export const MAX_OPT_CYCLES = 10_000;

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

const wholeNumber = (label: string, min: number, max: number, range = `between ${min} and ${max}`) =>
  numberField(label, (n) => n.int(`${label} must be a whole number.`).min(min, `${label} must be ${range}.`).max(max, `${label} must be ${range}.`));

export const calculationParamsSchema = z
  .object({
    method: z.enum(METHODS),
    task: z.enum(TASKS),
    optLevel: z.enum(OPT_LEVELS),
    solvationModel: z.enum(SOLVATION_MODELS),
    solvent: z.string().trim().toLowerCase().max(40).optional(),
    charge: wholeNumber('Charge', -10, 10, 'between −10 and +10'),
    uhf: numberField('Unpaired electrons', (n) =>
      n.int('Unpaired electrons must be a whole number.').min(0, 'Unpaired electrons cannot be negative.').max(20, 'At most 20 unpaired electrons.'),
    ),
    etemp: numberField('Electronic temperature', (n) =>
      n.gt(0, 'Electronic temperature must be above 0 K.').max(50_000, 'Electronic temperature must be at most 50 000 K.'),
    ),
    accuracy: numberField('Accuracy', (n) => n.min(0.0001, 'Accuracy must be between 0.0001 and 1000.').max(1000, 'Accuracy must be between 0.0001 and 1000.')),
    maxIterations: numberField('SCF iterations', (n) =>
      n.int('SCF iterations must be a whole number.').min(1, 'At least 1 SCF iteration.').max(10_000, 'At most 10 000 SCF iterations.'),
    ),
    /** xtb time limit in seconds; absent: a default from the system size and task. */
    timeoutSeconds: wholeNumber('The time limit', 1, MAX_TIMEOUT_SECONDS, `between 1 and ${MAX_TIMEOUT_SECONDS} seconds`).optional(),
    /** Optimisation cycle limit (xtb --cycles); absent: xtb's choice from the system size. */
    maxOptCycles: wholeNumber('The optimisation cycle limit', 1, MAX_OPT_CYCLES, 'between 1 and 10 000').optional(),
  })
  .superRefine((p, ctx) => {
    if (p.solvationModel !== 'none') {
      if (!p.solvent) {
        ctx.addIssue({ code: 'custom', path: ['solvent'], message: 'Choose a solvent for implicit solvation.' });
      } else if (!solventsFor(p.solvationModel, p.method).includes(p.solvent)) {
        ctx.addIssue({
          code: 'custom',
          path: ['solvent'],
          message: `"${p.solvent}" is not parametrised for ${p.solvationModel.toUpperCase()} with ${METHOD_LABELS[p.method]}.`,
        });
      }
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

/**
 * The `calculations` column each parameter is stored in, with its SQL type (calculation-row.ts adds
 * these to the table's declaration; a test compares it with the live table).
 */
export const PARAMETER_COLUMNS = {
  method: { field: 'method', ...oneOf(METHODS) },
  task: { field: 'task', ...oneOf(TASKS) },
  opt_level: { field: 'optLevel', ...oneOfOrNull(OPT_LEVELS) },
  solvation_model: { field: 'solvationModel', ...oneOfOrNull(IMPLICIT_SOLVATION_MODELS) },
  solvent: { field: 'solvent', ...textOrNull },
  charge: { field: 'charge', ...int },
  uhf: { field: 'uhf', ...int },
  etemp: { field: 'etemp', ...float },
  accuracy: { field: 'accuracy', ...float },
  max_scf_iterations: { field: 'maxIterations', ...int },
  timeout_seconds: { field: 'timeoutSeconds', ...intOrNull },
  max_opt_cycles: { field: 'maxOptCycles', ...intOrNull },
} as const satisfies Record<string, ColumnSpec & { field: keyof CalculationParams }>;

export type ParameterColumn = keyof typeof PARAMETER_COLUMNS;
export const PARAMETER_COLUMN_NAMES = Object.keys(PARAMETER_COLUMNS) as ParameterColumn[];
/** Parameter names as the schema (and forms) spell them. */
export const PARAMETER_FIELDS: readonly (keyof CalculationParams)[] = Object.values(PARAMETER_COLUMNS).map((c) => c.field);

type StoredField = (typeof PARAMETER_COLUMNS)[keyof typeof PARAMETER_COLUMNS]['field'];
// Every parameter has a column: a schema field without one does not compile.
export const UNSTORED_PARAMETERS: Record<Exclude<keyof CalculationParams, StoredField>, never> = {};
