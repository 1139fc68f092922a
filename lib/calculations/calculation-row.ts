// The `calculations` row as PostgreSQL returns it through `pg`, written once. CALCULATION_COLUMNS
// declares each column's SQL type and nullability; the compiler holds it to CalculationRow (a
// column typed differently, missing or extra does not compile) and calculation-row.test.ts holds
// it to the live table (a migration that adds, drops or retypes a column fails until this file
// follows). Enumerations come from parameters.ts and statuses.ts, the JSON shapes from
// json-columns.ts. Types only: safe to import anywhere.
import type { ImplicitSolvationModel, Method, OptLevel, Task } from './parameters.ts';
import type { CalculationStatus, ErrorType } from './statuses.ts';
import type { StoredThermochemistry } from './json-columns.ts';

export const INPUT_FORMATS = ['smiles', 'sketch', 'xyz', 'mol', 'sdf'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];
export const CONVERGENCE_STATUSES = ['converged', 'not_converged', 'scf_not_converged', 'not_applicable'] as const;
export type ConvergenceStatus = (typeof CONVERGENCE_STATUSES)[number];
export type GeometrySource = 'input' | 'embedded';

export interface CalculationRow {
  id: string;
  molecule_id: string;
  batch_id: string | null;
  owner_id: string;
  organization_id: string | null;
  status: CalculationStatus;
  // what was submitted: its own name and input (the molecule row is shared by every submission of it)
  name: string | null;
  input_format: InputFormat | null;
  input_smiles: string | null;
  input_xyz: string | null;
  input_hash: string | null;
  // parameters (parameters.ts PARAMETER_COLUMNS)
  method: Method;
  task: Task;
  opt_level: OptLevel | null;
  solvation_model: ImplicitSolvationModel | null;
  solvent: string | null;
  charge: number;
  uhf: number;
  etemp: number;
  accuracy: number;
  max_scf_iterations: number;
  max_opt_cycles: number | null;
  timeout_seconds: number | null;
  // results
  total_energy: number | null;
  homo: number | null;
  lumo: number | null;
  gap: number | null;
  dipole_x: number | null;
  dipole_y: number | null;
  dipole_z: number | null;
  dipole_moment: number | null;
  optimized_xyz: string | null;
  orbital_energies: number[] | null;
  orbital_occupations: number[] | null;
  frequencies: number[] | null;
  /** Parse with storedThermochemistrySchema before use: jsonb is whatever was written. */
  thermochemistry: StoredThermochemistry | null;
  convergence_status: ConvergenceStatus | null;
  effective_etemp: number | null;
  geometry_source: GeometrySource | null;
  embedding_ms: number | null;
  // execution
  attempts: number;
  queued_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  xtb_version: string | null;
  job_id: string | null;
  cancel_requested: boolean;
  error_type: ErrorType | null;
  error_message: string | null;
  created_at: Date;
  updated_at: Date;
}

export type SqlType = 'uuid' | 'text' | 'integer' | 'double precision' | 'double precision[]' | 'boolean' | 'timestamp with time zone' | 'jsonb';

/** The SQL types a TypeScript field type may come from (unions of literals are text). */
type SqlTypeOf<T> = T extends Date
  ? 'timestamp with time zone'
  : T extends number[]
    ? 'double precision[]'
    : T extends string
      ? 'text' | 'uuid'
      : T extends number
        ? 'integer' | 'double precision'
        : T extends boolean
          ? 'boolean'
          : 'jsonb';

export interface ColumnSpec<T> {
  type: SqlTypeOf<NonNullable<T>>;
  nullable: null extends T ? true : false;
}

export type ColumnsOf<Row> = { [K in keyof Row]-?: ColumnSpec<Row[K]> };

const uuid = { type: 'uuid', nullable: false } as const;
const uuidOrNull = { type: 'uuid', nullable: true } as const;
const text = { type: 'text', nullable: false } as const;
const textOrNull = { type: 'text', nullable: true } as const;
const int = { type: 'integer', nullable: false } as const;
const intOrNull = { type: 'integer', nullable: true } as const;
const float = { type: 'double precision', nullable: false } as const;
const floatOrNull = { type: 'double precision', nullable: true } as const;
const floatsOrNull = { type: 'double precision[]', nullable: true } as const;
const time = { type: 'timestamp with time zone', nullable: false } as const;
const timeOrNull = { type: 'timestamp with time zone', nullable: true } as const;

export const CALCULATION_COLUMNS = {
  id: uuid,
  molecule_id: uuid,
  batch_id: uuidOrNull,
  owner_id: uuid,
  organization_id: uuidOrNull,
  status: text,
  name: textOrNull,
  input_format: textOrNull,
  input_smiles: textOrNull,
  input_xyz: textOrNull,
  input_hash: textOrNull,
  method: text,
  task: text,
  opt_level: textOrNull,
  solvation_model: textOrNull,
  solvent: textOrNull,
  charge: int,
  uhf: int,
  etemp: float,
  accuracy: float,
  max_scf_iterations: int,
  max_opt_cycles: intOrNull,
  timeout_seconds: intOrNull,
  total_energy: floatOrNull,
  homo: floatOrNull,
  lumo: floatOrNull,
  gap: floatOrNull,
  dipole_x: floatOrNull,
  dipole_y: floatOrNull,
  dipole_z: floatOrNull,
  dipole_moment: floatOrNull,
  optimized_xyz: textOrNull,
  orbital_energies: floatsOrNull,
  orbital_occupations: floatsOrNull,
  frequencies: floatsOrNull,
  thermochemistry: { type: 'jsonb', nullable: true },
  convergence_status: textOrNull,
  effective_etemp: floatOrNull,
  geometry_source: textOrNull,
  embedding_ms: floatOrNull,
  attempts: int,
  queued_at: time,
  started_at: timeOrNull,
  finished_at: timeOrNull,
  xtb_version: textOrNull,
  job_id: textOrNull,
  cancel_requested: { type: 'boolean', nullable: false },
  error_type: textOrNull,
  error_message: textOrNull,
  created_at: time,
  updated_at: time,
} as const satisfies ColumnsOf<CalculationRow>;
