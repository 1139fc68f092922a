// Typed xtb parameters → the argument array for xtb 6.5.1 (never a shell string), plus the
// range checks xtb itself does not make (it "terminates normally" with --etemp -300 or a wrong --uhf).
import {
  IMPLICIT_SOLVATION_MODELS,
  METHODS,
  OPT_LEVELS,
  solventsFor,
  TASKS,
  type ImplicitSolvationModel,
  type Method,
  type OptLevel,
  type Task,
} from '../calculations/parameters.ts';

// The vocabulary (methods, tasks, levels, solvents) is the calculation model's, defined once.
export { solventsFor, taskOptimises, taskComputesFrequencies } from '../calculations/parameters.ts';
export type XtbMethod = Method;
export type XtbTask = Task;
export type XtbOptLevel = OptLevel;
export type XtbSolvationModel = ImplicitSolvationModel;

export interface XtbSolvation {
  model: XtbSolvationModel;
  solvent: string;
}

export interface XtbParameters {
  method: XtbMethod;
  task: XtbTask;
  optLevel: XtbOptLevel;
  solvation: XtbSolvation | null;
  /** Net molecular charge (e). */
  charge: number;
  /** Number of unpaired electrons (xtb --uhf), not the multiplicity. */
  uhf: number;
  /** Electronic temperature in K (Fermi smearing). */
  etemp: number;
  /** xtb accuracy factor; smaller is tighter. */
  accuracy: number;
  /** Maximum SCC iterations. */
  maxIterations: number;
  /** Maximum optimisation cycles; xtb chooses from the system size when absent. */
  maxOptCycles?: number;
}

export const DEFAULT_XTB_PARAMETERS: XtbParameters = {
  method: 'gfn2',
  task: 'sp',
  optLevel: 'normal',
  solvation: null,
  charge: 0,
  uhf: 0,
  etemp: 300,
  accuracy: 1,
  maxIterations: 250,
};

/** The file name run-xtb writes the geometry to; the first argument of every xtb call. */
export const XTB_INPUT_FILE = 'input.xyz';

export const XTB_PARAMETER_LIMITS = {
  charge: { min: -20, max: 20 },
  uhf: { min: 0, max: 30 },
  etemp: { min: 1, max: 50_000 },
  accuracy: { min: 0.0001, max: 1000 },
  maxIterations: { min: 1, max: 10_000 },
  maxOptCycles: { min: 1, max: 10_000 },
} as const;

export interface XtbParameterIssue {
  field: keyof XtbParameters | 'solvation.model' | 'solvation.solvent';
  message: string;
}

export class XtbParameterError extends Error {
  readonly code = 'INVALID_PARAMETERS';
  readonly issues: readonly XtbParameterIssue[];
  constructor(issues: readonly XtbParameterIssue[]) {
    super(`invalid xtb parameters: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
    this.name = 'XtbParameterError';
    this.issues = issues;
  }
}

function checkNumber(issues: XtbParameterIssue[], field: keyof typeof XTB_PARAMETER_LIMITS, value: unknown, integer: boolean, unit = ''): void {
  const { min, max } = XTB_PARAMETER_LIMITS[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.push({ field, message: 'must be a finite number' });
  } else if (integer && !Number.isInteger(value)) {
    issues.push({ field, message: 'must be a whole number' });
  } else if (value < min || value > max) {
    issues.push({ field, message: `must be between ${min} and ${max}${unit}` });
  }
}

/** Every problem with a parameter set (empty when it is fine). Accepts untrusted input. */
export function validateXtbParameters(input: unknown): XtbParameterIssue[] {
  const issues: XtbParameterIssue[] = [];
  if (typeof input !== 'object' || input === null) return [{ field: 'method', message: 'parameters are missing' }];
  const p = input as Record<string, unknown>;
  const method = p.method as XtbMethod;
  if (!METHODS.includes(method)) issues.push({ field: 'method', message: `must be one of ${METHODS.join(', ')}` });
  if (!TASKS.includes(p.task as XtbTask)) issues.push({ field: 'task', message: `must be one of ${TASKS.join(', ')}` });
  if (!OPT_LEVELS.includes(p.optLevel as XtbOptLevel)) {
    issues.push({ field: 'optLevel', message: `must be one of ${OPT_LEVELS.join(', ')}` });
  }
  if (p.solvation !== null && p.solvation !== undefined) {
    const s = p.solvation as Record<string, unknown>;
    const model = s.model as XtbSolvationModel;
    if (!IMPLICIT_SOLVATION_MODELS.includes(model)) {
      issues.push({ field: 'solvation.model', message: 'must be alpb or gbsa' });
    } else if (typeof s.solvent !== 'string' || s.solvent.trim() === '') {
      issues.push({ field: 'solvation.solvent', message: 'is required with a solvation model' });
    } else if (METHODS.includes(method) && !solventsFor(model, method).includes(s.solvent.trim().toLowerCase())) {
      issues.push({
        field: 'solvation.solvent',
        message: `"${s.solvent}" is not parametrised for ${model.toUpperCase()} with ${method.toUpperCase()}`,
      });
    }
  }
  checkNumber(issues, 'charge', p.charge, true);
  checkNumber(issues, 'uhf', p.uhf, true);
  checkNumber(issues, 'etemp', p.etemp, false, ' K');
  checkNumber(issues, 'accuracy', p.accuracy, false);
  checkNumber(issues, 'maxIterations', p.maxIterations, true);
  if (p.maxOptCycles !== undefined && p.maxOptCycles !== null) checkNumber(issues, 'maxOptCycles', p.maxOptCycles, true);
  return issues;
}

// Fortran reads "1e-4" too, but plain decimals keep the logged command line readable.
function formatNumber(value: number): string {
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(12).replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** The methods xtb writes a Molden file for (molden.input: basis and orbitals); GFN-FF has no orbitals. */
export const MOLDEN_METHODS: readonly XtbMethod[] = ['gfn1', 'gfn2'];

/**
 * Argument array for xtb (the input file first). Always asks for --json (xtbout.json), --grad
 * (forces at the final geometry) and one OpenMP thread via --parallel 1; for GFN1/GFN2 also for
 * --molden (a few milliseconds: the orbitals are there already). Throws XtbParameterError.
 */
export function buildXtbArgs(params: XtbParameters, inputFile: string = XTB_INPUT_FILE): string[] {
  const issues = validateXtbParameters(params);
  if (issues.length > 0) throw new XtbParameterError(issues);
  const args = [inputFile];
  if (params.method === 'gfnff') args.push('--gfnff');
  else args.push('--gfn', params.method.slice(3));
  switch (params.task) {
    case 'sp':
      break;
    case 'opt':
      args.push('--opt', params.optLevel);
      break;
    case 'hess':
      args.push('--hess');
      break;
    case 'ohess':
      args.push('--ohess', params.optLevel);
      break;
  }
  args.push('--grad');
  if (params.solvation) args.push(`--${params.solvation.model}`, params.solvation.solvent.trim().toLowerCase());
  args.push('--chrg', String(params.charge), '--uhf', String(params.uhf));
  args.push('--etemp', formatNumber(params.etemp), '--acc', formatNumber(params.accuracy));
  args.push('--iterations', String(params.maxIterations));
  if (params.maxOptCycles !== undefined && (params.task === 'opt' || params.task === 'ohess')) {
    args.push('--cycles', String(params.maxOptCycles));
  }
  args.push('--json');
  if (MOLDEN_METHODS.includes(params.method)) args.push('--molden');
  args.push('--parallel', '1');
  return args;
}
