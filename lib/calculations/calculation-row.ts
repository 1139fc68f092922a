// The `calculations` row, declared once: each column's SQL type, nullability, allowed values and
// JSON schema. CalculationRow (what `pg` returns) is derived from the declaration, and
// calculation-row.test.ts holds the declaration to the live table (columns, types, nullability and
// check-constraint values): a migration that changes the table fails the test until this file
// follows. The parameter columns come from parameters.ts. Safe to import anywhere.
import {
  bool,
  floatOrNull,
  floatsOrNull,
  int,
  intOrNull,
  oneOf,
  oneOfOrNull,
  textOrNull,
  time,
  timeOrNull,
  uuid,
  uuidOrNull,
  type ColumnSpec,
  type RowOf,
} from './column-spec.ts';
import {
  storedProgressSchema,
  storedThermochemistrySchema,
  storedTrajectorySchema,
  storedVibrationalModesSchema,
  storedWarningsSchema,
} from './json-columns.ts';
import { PARAMETER_COLUMNS } from './parameters.ts';
import { CALCULATION_STATUSES, ERROR_TYPES } from './statuses.ts';

export const INPUT_FORMATS = ['smiles', 'sketch', 'xyz', 'mol', 'sdf'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];
export const CONVERGENCE_STATUSES = ['converged', 'not_converged', 'scf_not_converged', 'not_applicable'] as const;
export type ConvergenceStatus = (typeof CONVERGENCE_STATUSES)[number];
export const GEOMETRY_SOURCES = ['input', 'embedded'] as const;
export type GeometrySource = (typeof GEOMETRY_SOURCES)[number];
/** A neutral molecule's dipole does not depend on the origin; an ion's is stored about its centre of mass. */
export const DIPOLE_REFERENCES = ['origin_independent', 'centre_of_mass'] as const;
export type DipoleReference = (typeof DIPOLE_REFERENCES)[number];
export const STATIONARY_POINTS = ['minimum', 'saddle_point', 'not_stationary'] as const;
export type StationaryPoint = (typeof STATIONARY_POINTS)[number];

export const CALCULATION_COLUMNS = {
  id: uuid,
  molecule_id: uuid,
  batch_id: uuidOrNull,
  owner_id: uuid,
  organization_id: uuidOrNull,
  status: oneOf(CALCULATION_STATUSES),
  // What was submitted: its own name and input (the molecule row is shared by every submission of it).
  name: textOrNull,
  input_format: oneOfOrNull(INPUT_FORMATS),
  input_smiles: textOrNull,
  /** As submitted, or as the worker embedded it (geometry_source says which). */
  input_xyz: textOrNull,
  input_hash: textOrNull,
  ...PARAMETER_COLUMNS,
  // Results
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
  thermochemistry: { type: 'jsonb', nullable: true, json: storedThermochemistrySchema },
  convergence_status: oneOfOrNull(CONVERGENCE_STATUSES),
  effective_etemp: floatOrNull,
  geometry_source: oneOfOrNull(GEOMETRY_SOURCES),
  embedding_ms: floatOrNull,
  warnings: { type: 'jsonb', nullable: false, json: storedWarningsSchema },
  dipole_reference: oneOfOrNull(DIPOLE_REFERENCES),
  imaginary_mode_count: intOrNull,
  stationary_point: oneOfOrNull(STATIONARY_POINTS),
  vibrational_modes: { type: 'jsonb', nullable: true, json: storedVibrationalModesSchema },
  optimization_trajectory: { type: 'jsonb', nullable: true, json: storedTrajectorySchema },
  trajectory_xyz: textOrNull,
  hessian_displaced_xyz: textOrNull,
  /** xtb's Molden file (GFN1/GFN2): basis and orbitals. */
  molden_input: textOrNull,
  // Execution
  attempts: int,
  queued_at: time,
  started_at: timeOrNull,
  finished_at: timeOrNull,
  xtb_version: textOrNull,
  job_id: textOrNull,
  cancel_requested: bool,
  /** The running attempt's latest optimisation cycle (read by calculation-statuses.ts). */
  progress: { type: 'jsonb', nullable: true, json: storedProgressSchema },
  error_type: oneOfOrNull(ERROR_TYPES),
  error_message: textOrNull,
  created_at: time,
  updated_at: time,
} as const satisfies Record<string, ColumnSpec>;

/** A `calculations` row as `pg` returns it. jsonb columns: parse with their schema before trusting them. */
export type CalculationRow = RowOf<typeof CALCULATION_COLUMNS>;
