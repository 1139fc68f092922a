// The calculation parameter schema lives with the calculation model (lib/calculations/parameters.ts);
// forms and actions import it from there or through this feature-schema entry point.
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
