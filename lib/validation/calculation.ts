// The calculation parameter schema is defined with the calculation model, in
// lib/calculations/parameters.ts (client-safe); this entry point only forwards it for the editor's
// client components that still import it from here.
export {
  calculationParamsSchema,
  DEFAULT_CALCULATION_PARAMS,
  METHOD_LABELS,
  METHODS,
  OPT_LEVELS,
  SOLVATION_MODELS,
  TASK_LABELS,
  TASKS,
  type CalculationParams,
  type Method,
  type OptLevel,
  type Task,
} from '../calculations/parameters.ts';
