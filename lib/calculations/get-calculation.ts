// One calculation with everything the result page shows, read under the user's RLS as a typed
// camelCase DTO: a foreign or missing id gives null (the page answers 404).
import 'server-only';
import { asUser, type JwtClaims } from '../db/as-user.ts';
import type { CalculationRow, ConvergenceStatus, GeometrySource, InputFormat } from './calculation-row.ts';
import { selectList, type CalculationColumn } from './calculation-sql.ts';
import type { DipoleReference, StationaryPoint } from './calculation-row.ts';
import {
  readJson,
  storedThermochemistrySchema,
  storedTrajectorySchema,
  storedVibrationalModesSchema,
  storedWarningsSchema,
  type StoredThermochemistry,
  type StoredTrajectory,
  type StoredVibrationalModes,
  type StoredWarning,
} from './json-columns.ts';
import type { ImplicitSolvationModel, Method, OptLevel, Task } from './parameters.ts';
import type { CalculationStatus, ErrorType } from './statuses.ts';
import type { AtomRecord, AttemptMetricsRecord } from './attempt-records.ts';
import { readCalculationProvenance, type CalculationProvenance } from './calculation-provenance.ts';

/** One atom as the result page shows it: the stored record with |F| (Eh/bohr) instead of the vector. */
export type AtomRow = Omit<AtomRecord, 'force'> & { force: number | null };

export interface MetricsRow {
  attempt: number;
  host: string | null;
  wallTimeS: number | null;
  cpuTimeS: number | null;
  scfCycles: number | null;
  optimizationCycles: number | null;
  peakMemoryMb: number | null;
  ompThreads: number | null;
  converged: boolean | null;
  finalGradientNorm: number | null;
  exitCode: number | null;
  signal: string | null;
  etemp: number | null;
  stdout: string | null;
  stderr: string | null;
  createdAt: string;
}

export interface ErrorRow {
  id: string;
  attempt: number;
  type: ErrorType;
  severity: 'info' | 'warning' | 'error' | 'critical';
  code: string | null;
  message: string;
  stderrExcerpt: string | null;
  retryCount: number;
  willRetry: boolean;
  nextRetryAt: string | null;
  userActionRequired: boolean;
  resolution: string | null;
  createdAt: string;
}

export interface CalculationDetail {
  id: string;
  /** The name it was submitted under (its own, not the shared molecule's). */
  name: string;
  status: CalculationStatus;
  method: Method;
  task: Task;
  optLevel: OptLevel | null;
  solvationModel: ImplicitSolvationModel | null;
  solvent: string | null;
  charge: number;
  uhf: number;
  etemp: number;
  effectiveEtemp: number | null;
  accuracy: number;
  maxScfIterations: number;
  maxOptCycles: number | null;
  inputFormat: InputFormat | null;
  /** The SMILES it was submitted with (null for coordinate input). */
  inputSmiles: string | null;
  inputXyz: string | null;
  optimizedXyz: string | null;
  totalEnergy: number | null;
  homo: number | null;
  lumo: number | null;
  gap: number | null;
  dipole: [number, number, number] | null;
  dipoleMoment: number | null;
  orbitalEnergies: number[] | null;
  orbitalOccupations: number[] | null;
  frequencies: number[] | null;
  thermochemistry: StoredThermochemistry | null;
  /** IR intensities (km/mol) in mode order, when every vibration has one. */
  irIntensities: number[] | null;
  convergenceStatus: ConvergenceStatus | null;
  /** Caveats of a successful run, worded for the user (shown as they are). */
  warnings: StoredWarning[];
  /** How the dipole is referenced: an ion's is about its centre of mass. */
  dipoleReference: DipoleReference | null;
  /** Imaginary modes by xtb's convention (below −20 cm⁻¹); null when no frequencies were computed. */
  imaginaryModeCount: number | null;
  stationaryPoint: StationaryPoint | null;
  vibrationalModes: StoredVibrationalModes | null;
  optimizationTrajectory: StoredTrajectory | null;
  /** Multi-frame XYZ of the optimisation. */
  trajectoryXyz: string | null;
  /** xtb's geometry distorted along the imaginary modes (to optimise further from). */
  hessianDisplacedXyz: string | null;
  /** Size in bytes of xtb's Molden file (orbitals, GFN1/GFN2), null when there is none. */
  moldenBytes: number | null;
  /** The Molden file itself: read only when asked for (getCalculation's `molden` option), being large. */
  moldenInput?: string | null;
  /** Where an imported calculation came from (`npm run import`); absent for calculations run here. */
  provenance?: CalculationProvenance;
  attempts: number;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
  xtbVersion: string | null;
  cancelRequested: boolean;
  errorType: ErrorType | null;
  errorMessage: string | null;
  geometrySource: GeometrySource | null;
  embeddingMs: number | null;
  timeoutSeconds: number | null;
  batchId: string | null;
  /** The user owns it (or is an admin): cancel is offered. */
  canModify: boolean;
  molecule: { id: string; name: string; formula: string | null; smiles: string | null; atomCount: number | null; sourceFormat: string } | null;
  atoms: AtomRow[];
  metrics: MetricsRow[];
  errors: ErrorRow[];
}

const DETAIL_COLUMNS = [
  'id',
  'name',
  'status',
  'method',
  'task',
  'opt_level',
  'solvation_model',
  'solvent',
  'charge',
  'uhf',
  'etemp',
  'effective_etemp',
  'accuracy',
  'max_scf_iterations',
  'max_opt_cycles',
  'input_format',
  'input_smiles',
  'input_xyz',
  'optimized_xyz',
  'total_energy',
  'homo',
  'lumo',
  'gap',
  'dipole_x',
  'dipole_y',
  'dipole_z',
  'dipole_moment',
  'orbital_energies',
  'orbital_occupations',
  'frequencies',
  'thermochemistry',
  'convergence_status',
  'warnings',
  'dipole_reference',
  'imaginary_mode_count',
  'stationary_point',
  'vibrational_modes',
  'optimization_trajectory',
  'trajectory_xyz',
  'hessian_displaced_xyz',
  'attempts',
  'queued_at',
  'started_at',
  'finished_at',
  'created_at',
  'xtb_version',
  'cancel_requested',
  'error_type',
  'error_message',
  'geometry_source',
  'embedding_ms',
  'timeout_seconds',
  'batch_id',
] as const satisfies readonly CalculationColumn[];

type DetailRow = Pick<CalculationRow, (typeof DETAIL_COLUMNS)[number]> & {
  can_modify: boolean;
  molden_bytes: number | null;
  molden_input: string | null;
  m_id: string | null;
  m_name: string | null;
  m_formula: string | null;
  m_smiles: string | null;
  m_atom_count: number | null;
  m_source_format: string | null;
};

interface AtomPropertiesRow {
  atom_index: number;
  element: string;
  partial_charge: number | null;
  x: number;
  y: number;
  z: number;
  force_x: number | null;
  force_y: number | null;
  force_z: number | null;
}

/** The metrics the result page shows: the columns the worker wrote (attempt-records.ts), with their time. */
type MetricsDbRow = Omit<AttemptMetricsRecord, 'calculation_id' | 'worker_id' | 'xtb_version' | 'embedding_ms'> & { created_at: Date };

interface ErrorDbRow {
  id: string;
  attempt: number;
  error_type: ErrorType;
  severity: ErrorRow['severity'];
  code: string | null;
  message: string;
  stderr_excerpt: string | null;
  retry_count: number;
  will_retry: boolean;
  next_retry_at: Date | null;
  user_action_required: boolean;
  resolution: string | null;
  created_at: Date;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

function irIntensitiesOf(thermo: StoredThermochemistry | null): number[] | null {
  const intensities = thermo?.vibrations?.map((v) => v.irIntensityKmMol);
  return intensities && intensities.length > 0 && intensities.every((x) => x !== null) ? (intensities as number[]) : null;
}

/** `molden`: also read the Molden file's text (for its download), not only its size. */
export async function getCalculation(claims: JwtClaims, id: string, options: { molden?: boolean } = {}): Promise<CalculationDetail | null> {
  return asUser(claims, async (db) => {
    const { rows } = await db.query<DetailRow>(
      `select ${selectList(DETAIL_COLUMNS)},
              (c.owner_id = (select auth.uid()) or (select public.is_admin())) as can_modify,
              octet_length(c.molden_input) as molden_bytes, case when $2 then c.molden_input end as molden_input,
              m.id as m_id, m.name as m_name, m.formula as m_formula, coalesce(m.canonical_smiles, m.input_smiles) as m_smiles,
              m.atom_count as m_atom_count, m.source_format as m_source_format
         from public.calculations c left join public.molecules m on m.id = c.molecule_id
        where c.id = $1`,
      [id, options.molden === true],
    );
    const c = rows[0];
    if (!c) return null;
    // One transaction, one connection: the queries run one after another.
    const atoms = await db.query<AtomPropertiesRow>(
      `select atom_index, element, partial_charge, x, y, z, force_x, force_y, force_z
         from public.atomic_properties where calculation_id = $1 order by atom_index`,
      [id],
    );
    const metrics = await db.query<MetricsDbRow>(
      `select attempt, host, wall_time_s, cpu_time_s, scf_cycles, optimization_cycles, peak_memory_mb, omp_threads, converged,
              final_gradient_norm, exit_code, signal, etemp, stdout, stderr, created_at
         from public.calculation_execution_metrics where calculation_id = $1 order by attempt`,
      [id],
    );
    const errors = await db.query<ErrorDbRow>(
      `select id, attempt, error_type, severity, code, message, stderr_excerpt, retry_count, will_retry, next_retry_at,
              user_action_required, resolution, created_at
         from public.calculation_errors where calculation_id = $1 order by attempt, created_at`,
      [id],
    );
    const provenance = await readCalculationProvenance(db, id);
    const thermochemistry = readJson(storedThermochemistrySchema, c.thermochemistry);
    const dipole: [number, number, number] | null =
      c.dipole_x !== null && c.dipole_y !== null && c.dipole_z !== null ? [c.dipole_x, c.dipole_y, c.dipole_z] : null;
    return {
      id: c.id,
      name: c.name ?? c.m_name ?? 'Untitled',
      status: c.status,
      method: c.method,
      task: c.task,
      optLevel: c.opt_level,
      solvationModel: c.solvation_model,
      solvent: c.solvent,
      charge: c.charge,
      uhf: c.uhf,
      etemp: c.etemp,
      effectiveEtemp: c.effective_etemp,
      accuracy: c.accuracy,
      maxScfIterations: c.max_scf_iterations,
      maxOptCycles: c.max_opt_cycles,
      inputFormat: c.input_format,
      inputSmiles: c.input_smiles,
      inputXyz: c.input_xyz,
      optimizedXyz: c.optimized_xyz,
      totalEnergy: c.total_energy,
      homo: c.homo,
      lumo: c.lumo,
      gap: c.gap,
      dipole,
      dipoleMoment: c.dipole_moment,
      orbitalEnergies: c.orbital_energies,
      orbitalOccupations: c.orbital_occupations,
      frequencies: c.frequencies,
      thermochemistry,
      irIntensities: irIntensitiesOf(thermochemistry),
      convergenceStatus: c.convergence_status,
      warnings: readJson(storedWarningsSchema, c.warnings) ?? [],
      dipoleReference: c.dipole_reference,
      imaginaryModeCount: c.imaginary_mode_count,
      stationaryPoint: c.stationary_point,
      vibrationalModes: readJson(storedVibrationalModesSchema, c.vibrational_modes),
      optimizationTrajectory: readJson(storedTrajectorySchema, c.optimization_trajectory),
      trajectoryXyz: c.trajectory_xyz,
      hessianDisplacedXyz: c.hessian_displaced_xyz,
      moldenBytes: c.molden_bytes,
      ...(options.molden ? { moldenInput: c.molden_input } : {}),
      ...(provenance ? { provenance } : {}),
      attempts: c.attempts,
      queuedAt: c.queued_at.toISOString(),
      startedAt: iso(c.started_at),
      finishedAt: iso(c.finished_at),
      createdAt: c.created_at.toISOString(),
      xtbVersion: c.xtb_version,
      cancelRequested: c.cancel_requested,
      errorType: c.error_type,
      errorMessage: c.error_message,
      geometrySource: c.geometry_source,
      embeddingMs: c.embedding_ms,
      timeoutSeconds: c.timeout_seconds,
      batchId: c.batch_id,
      canModify: c.can_modify,
      molecule:
        c.m_id === null
          ? null
          : {
              id: c.m_id,
              name: c.m_name ?? '',
              formula: c.m_formula,
              smiles: c.m_smiles,
              atomCount: c.m_atom_count,
              sourceFormat: c.m_source_format ?? 'smiles',
            },
      atoms: atoms.rows.map((a) => ({
        index: a.atom_index,
        element: a.element,
        charge: a.partial_charge,
        x: a.x,
        y: a.y,
        z: a.z,
        force: a.force_x === null || a.force_y === null || a.force_z === null ? null : Math.hypot(a.force_x, a.force_y, a.force_z),
      })),
      metrics: metrics.rows.map((r) => ({
        attempt: r.attempt,
        host: r.host,
        wallTimeS: r.wall_time_s,
        cpuTimeS: r.cpu_time_s,
        scfCycles: r.scf_cycles,
        optimizationCycles: r.optimization_cycles,
        peakMemoryMb: r.peak_memory_mb,
        ompThreads: r.omp_threads,
        converged: r.converged,
        finalGradientNorm: r.final_gradient_norm,
        exitCode: r.exit_code,
        signal: r.signal,
        etemp: r.etemp,
        stdout: r.stdout,
        stderr: r.stderr,
        createdAt: r.created_at.toISOString(),
      })),
      errors: errors.rows.map((r) => ({
        id: r.id,
        attempt: r.attempt,
        type: r.error_type,
        severity: r.severity,
        code: r.code,
        message: r.message,
        stderrExcerpt: r.stderr_excerpt,
        retryCount: r.retry_count,
        willRetry: r.will_retry,
        nextRetryAt: iso(r.next_retry_at),
        userActionRequired: r.user_action_required,
        resolution: r.resolution,
        createdAt: r.created_at.toISOString(),
      })),
    };
  });
}

/** Whether the user may see the calculation (a cheap check made before the page starts streaming). */
export async function calculationVisible(claims: JwtClaims, id: string): Promise<boolean> {
  return asUser(claims, async (db) => (await db.query('select 1 from public.calculations where id = $1', [id])).rowCount === 1);
}
