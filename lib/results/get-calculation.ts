// One calculation with everything the result page shows, read under the user's RLS: a foreign or
// missing id gives null (the page answers 404).
import 'server-only';
import { asUser, type JwtClaims } from '../db/as-user.ts';
import type { CalculationStatus } from './results-query.ts';

export interface AtomRow {
  index: number;
  element: string;
  charge: number | null;
  x: number;
  y: number;
  z: number;
  /** |F| in Eh/bohr. */
  force: number | null;
}

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
  type: string;
  severity: string;
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
  status: CalculationStatus;
  method: string;
  task: string;
  optLevel: string | null;
  solvationModel: string | null;
  solvent: string | null;
  charge: number;
  uhf: number;
  etemp: number;
  effectiveEtemp: number | null;
  accuracy: number;
  maxScfIterations: number;
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
  thermochemistry: Record<string, unknown> | null;
  convergenceStatus: string | null;
  attempts: number;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
  xtbVersion: string | null;
  cancelRequested: boolean;
  errorType: string | null;
  errorMessage: string | null;
  geometrySource: string | null;
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

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export async function getCalculation(claims: JwtClaims, id: string): Promise<CalculationDetail | null> {
  return asUser(claims, async (db) => {
    // to_jsonb(c) keeps this working while the pipeline migration adds columns.
    const { rows } = await db.query<{ c: Record<string, unknown>; m: Record<string, unknown> | null; can_modify: boolean }>(
      `select to_jsonb(c) as c,
              case when m.id is null then null else jsonb_build_object('id', m.id, 'name', m.name, 'formula', m.formula,
                'smiles', coalesce(m.canonical_smiles, m.input_smiles), 'atom_count', m.atom_count, 'source_format', m.source_format) end as m,
              (c.owner_id = (select auth.uid()) or (select public.is_admin())) as can_modify
         from public.calculations c left join public.molecules m on m.id = c.molecule_id
        where c.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    const c = row.c;
    // One transaction, one connection: the queries run one after another.
    const atoms = await db.query<{ atom_index: number; element: string; partial_charge: number | null; x: number; y: number; z: number; force_x: number | null; force_y: number | null; force_z: number | null }>(
      `select atom_index, element, partial_charge, x, y, z, force_x, force_y, force_z
         from public.atomic_properties where calculation_id = $1 order by atom_index`,
      [id],
    );
    const metrics = await db.query<Record<string, unknown>>(`select to_jsonb(e) as e from public.calculation_execution_metrics e where calculation_id = $1 order by attempt`, [id]);
    const errors = await db.query<Record<string, unknown>>(`select to_jsonb(e) as e from public.calculation_errors e where calculation_id = $1 order by attempt, created_at`, [id]);
    const dx = num(c.dipole_x);
    const dy = num(c.dipole_y);
    const dz = num(c.dipole_z);
    const m = row.m;
    return {
      id: String(c.id),
      status: c.status as CalculationStatus,
      method: String(c.method),
      task: String(c.task),
      optLevel: (c.opt_level as string | null) ?? null,
      solvationModel: (c.solvation_model as string | null) ?? null,
      solvent: (c.solvent as string | null) ?? null,
      charge: Number(c.charge),
      uhf: Number(c.uhf),
      etemp: Number(c.etemp),
      effectiveEtemp: num(c.effective_etemp),
      accuracy: Number(c.accuracy),
      maxScfIterations: Number(c.max_scf_iterations),
      inputXyz: (c.input_xyz as string | null) ?? null,
      optimizedXyz: (c.optimized_xyz as string | null) ?? null,
      totalEnergy: num(c.total_energy),
      homo: num(c.homo),
      lumo: num(c.lumo),
      gap: num(c.gap),
      dipole: dx !== null && dy !== null && dz !== null ? [dx, dy, dz] : null,
      dipoleMoment: num(c.dipole_moment),
      orbitalEnergies: (c.orbital_energies as number[] | null) ?? null,
      orbitalOccupations: (c.orbital_occupations as number[] | null) ?? null,
      frequencies: (c.frequencies as number[] | null) ?? null,
      thermochemistry: (c.thermochemistry as Record<string, unknown> | null) ?? null,
      convergenceStatus: (c.convergence_status as string | null) ?? null,
      attempts: Number(c.attempts ?? 0),
      queuedAt: String(c.queued_at),
      startedAt: (c.started_at as string | null) ?? null,
      finishedAt: (c.finished_at as string | null) ?? null,
      createdAt: String(c.created_at),
      xtbVersion: (c.xtb_version as string | null) ?? null,
      cancelRequested: Boolean(c.cancel_requested),
      errorType: (c.error_type as string | null) ?? null,
      errorMessage: (c.error_message as string | null) ?? null,
      geometrySource: (c.geometry_source as string | null) ?? null,
      embeddingMs: num(c.embedding_ms),
      timeoutSeconds: num(c.timeout_seconds),
      batchId: (c.batch_id as string | null) ?? null,
      canModify: row.can_modify,
      molecule: m
        ? {
            id: String(m.id),
            name: String(m.name),
            formula: (m.formula as string | null) ?? null,
            smiles: (m.smiles as string | null) ?? null,
            atomCount: num(m.atom_count),
            sourceFormat: String(m.source_format),
          }
        : null,
      atoms: atoms.rows.map((a) => ({
        index: a.atom_index,
        element: a.element,
        charge: a.partial_charge,
        x: a.x,
        y: a.y,
        z: a.z,
        force: a.force_x === null || a.force_y === null || a.force_z === null ? null : Math.hypot(a.force_x, a.force_y, a.force_z),
      })),
      metrics: metrics.rows.map(({ e }) => {
        const r = e as Record<string, unknown>;
        return {
          attempt: Number(r.attempt),
          host: (r.host as string | null) ?? null,
          wallTimeS: num(r.wall_time_s),
          cpuTimeS: num(r.cpu_time_s),
          scfCycles: num(r.scf_cycles),
          optimizationCycles: num(r.optimization_cycles),
          peakMemoryMb: num(r.peak_memory_mb),
          ompThreads: num(r.omp_threads),
          converged: (r.converged as boolean | null) ?? null,
          finalGradientNorm: num(r.final_gradient_norm),
          exitCode: num(r.exit_code),
          signal: (r.signal as string | null) ?? null,
          etemp: num(r.etemp),
          stdout: (r.stdout as string | null) ?? null,
          stderr: (r.stderr as string | null) ?? null,
          createdAt: String(r.created_at),
        };
      }),
      errors: errors.rows.map(({ e }) => {
        const r = e as Record<string, unknown>;
        return {
          id: String(r.id),
          attempt: Number(r.attempt),
          type: String(r.error_type),
          severity: String(r.severity),
          code: (r.code as string | null) ?? null,
          message: String(r.message),
          stderrExcerpt: (r.stderr_excerpt as string | null) ?? null,
          retryCount: Number(r.retry_count ?? 0),
          willRetry: Boolean(r.will_retry),
          nextRetryAt: (r.next_retry_at as string | null) ?? null,
          userActionRequired: Boolean(r.user_action_required),
          resolution: (r.resolution as string | null) ?? null,
          createdAt: String(r.created_at),
        };
      }),
    };
  });
}

/** Whether the user may see the calculation (a cheap check made before the page starts streaming). */
export async function calculationVisible(claims: JwtClaims, id: string): Promise<boolean> {
  return asUser(claims, async (db) => (await db.query('select 1 from public.calculations where id = $1', [id])).rowCount === 1);
}
