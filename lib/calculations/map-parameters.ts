// Calculation parameters ↔ their `calculations` columns ↔ xtb's parameters. Plain parameters are
// carried by PARAMETER_COLUMNS and object spreads, so a new one needs no line here; only the
// parameters that depend on others (optimisation level and cycles without an optimisation,
// a solvent without a model) are spelled out.
import type { XtbParameters } from '../xtb/build-xtb-args.ts';
import type { CalculationRow } from './calculation-row.ts';
import { PARAMETER_COLUMNS, PARAMETER_COLUMN_NAMES, taskOptimises, type CalculationParams, type ParameterColumn } from './parameters.ts';

/** The parameter columns of a calculation row. */
export type ParameterRow = Pick<CalculationRow, ParameterColumn>;

/** What is stored: no optimisation level or cycle limit without an optimisation, no solvent without a model. */
export function parameterRow(params: CalculationParams): ParameterRow {
  const optimises = taskOptimises(params.task);
  const solvated = params.solvationModel !== 'none';
  const stored: Partial<Record<keyof CalculationParams, unknown>> = {
    ...params,
    optLevel: optimises ? params.optLevel : null,
    maxOptCycles: optimises ? params.maxOptCycles : null,
    solvationModel: solvated ? params.solvationModel : null,
    solvent: solvated ? params.solvent : null,
  };
  const row: Partial<Record<ParameterColumn, unknown>> = {};
  for (const column of PARAMETER_COLUMN_NAMES) row[column] = stored[PARAMETER_COLUMNS[column].field] ?? null;
  return row as ParameterRow;
}

/** The stored parameters in the form the editor and the schema use (for "edit and rerun"). */
export function paramsFromRow(row: ParameterRow): CalculationParams {
  const params: Partial<Record<keyof CalculationParams, unknown>> = {};
  for (const column of PARAMETER_COLUMN_NAMES) params[PARAMETER_COLUMNS[column].field] = row[column] ?? undefined;
  return {
    ...(params as CalculationParams),
    optLevel: row.opt_level ?? 'normal',
    solvationModel: row.solvation_model ?? 'none',
  };
}

/** xtb's view: solvation as one object; limits that are not xtb arguments (the time limit) left out. */
export function toXtbParameters(params: CalculationParams): XtbParameters {
  const { solvationModel, solvent, timeoutSeconds: _timeLimit, maxOptCycles, ...plain } = params;
  return {
    ...plain,
    solvation: solvationModel === 'none' ? null : { model: solvationModel, solvent: solvent ?? '' },
    ...(maxOptCycles !== undefined ? { maxOptCycles } : {}),
  };
}
