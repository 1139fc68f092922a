// One attempt of one calculation: claim it, embed SMILES in 3D if needed, run xtb, judge the output,
// and store the outcome together with the job's completion in ONE transaction. Every write is
// guarded by `status = 'running' and attempts = <this attempt>`, so an attempt that was given up on
// (its worker presumed dead) can never store over the attempt that replaced it.
import 'server-only';
import os from 'node:os';
import type { Job } from 'pg-boss';
import { asService } from '../db/service.ts';
import { embedSmilesTo3d, EmbedError } from '../chem/embed-3d.ts';
import { parseXyz, type Atom } from '../chem/parse-xyz.ts';
import { findGeometryProblem } from '../chem/validate-geometry.ts';
import { geometryHash } from '../chem/write-xyz.ts';
import { buildXtbArgs, taskOptimises } from '../xtb/build-xtb-args.ts';
import { classifyXtbError, classifyXtbRun, raisedEtemp, type XtbFailure } from '../xtb/classify-xtb-failure.ts';
import { readXtbOutput, type XtbParsedOutput } from '../xtb/parse-xtb-output.ts';
import { formatXyz, runXtb, type XtbRunResult } from '../xtb/run-xtb.ts';
import { storedXtbResults } from '../xtb/stored-results.ts';
import { defaultTimeoutSeconds, EMBED_TIMEOUT_MS } from './calculation-time-limits.ts';
import { asQueueOwner, CALCULATION_QUEUE, getBoss, queuePolicy, transactionDb, type CalculationJobData } from './queue.ts';
import { logEvent, paramsOfCalculation, toXtbParameters } from './submit-calculation.ts';

export interface AttemptContext {
  workerId: string | null;
  host: string;
  xtbBin?: string;
  xtbVersion: string | null;
  signal: AbortSignal;
  log?: (line: string) => void;
}

export type AttemptOutcome = 'succeeded' | 'retrying' | 'failed' | 'cancelled' | 'skipped' | 'superseded';

interface ClaimedCalculation {
  id: string;
  owner_id: string;
  molecule_id: string;
  method: 'gfn2' | 'gfn1' | 'gfn0' | 'gfnff';
  task: 'sp' | 'opt' | 'hess' | 'ohess';
  opt_level: 'crude' | 'sloppy' | 'loose' | 'lax' | 'normal' | 'tight' | 'vtight' | 'extreme' | null;
  solvation_model: 'alpb' | 'gbsa' | null;
  solvent: string | null;
  charge: number;
  uhf: number;
  etemp: number;
  effective_etemp: number | null;
  accuracy: number;
  max_scf_iterations: number;
  max_opt_cycles: number | null;
  timeout_seconds: number | null;
  input_xyz: string | null;
  attempts: number;
  prev_status: string;
  prev_attempts: number;
  smiles: string | null;
  atom_count: number | null;
}

/** Failure of the attempt before or around xtb (embedding, missing binary, ...), already classified. */
class AttemptFailure extends Error {
  readonly failure: XtbFailure;
  constructor(failure: XtbFailure) {
    super(failure.message);
    this.failure = failure;
  }
}

function jobAttempt(job: Job<CalculationJobData>) {
  return { id: job.id, retryCount: job.retryCount };
}

async function claim(job: Job<CalculationJobData>, ctx: AttemptContext): Promise<ClaimedCalculation | null> {
  const attempt = job.retryCount + 1;
  return asService(async (db) => {
    const { rows } = await db.query<ClaimedCalculation>(
      `with prev as (
         select id, status, attempts from public.calculations
          where id = $1 and status in ('queued', 'running') and not cancel_requested
          for update
       )
       update public.calculations c
          set status = 'running', attempts = greatest(prev.attempts + 1, $2), started_at = coalesce(c.started_at, now()),
              job_id = $3, error_type = null, error_message = null
         from prev
        where c.id = prev.id
       returning c.id, c.owner_id, c.molecule_id, c.method, c.task, c.opt_level, c.solvation_model, c.solvent, c.charge, c.uhf,
                 c.etemp, c.effective_etemp, c.accuracy, c.max_scf_iterations, c.max_opt_cycles, c.timeout_seconds, c.input_xyz,
                 c.attempts, prev.status as prev_status, prev.attempts as prev_attempts,
                 (select coalesce(m.input_smiles, m.canonical_smiles) from public.molecules m where m.id = c.molecule_id) as smiles,
                 (select m.atom_count from public.molecules m where m.id = c.molecule_id) as atom_count`,
      [job.data.calculationId, attempt, job.id],
    );
    const row = rows[0];
    if (!row) {
      // Finished, cancelled or gone: nothing to run. A queued calculation whose cancel arrived
      // between the request and now is closed here.
      const { rows: closed } = await db.query<{ owner_id: string }>(
        `update public.calculations set status = 'cancelled', finished_at = now(), error_type = 'cancelled',
                error_message = 'cancelled before it started'
          where id = $1 and status = 'queued' and cancel_requested returning owner_id`,
        [job.data.calculationId],
      );
      if (closed[0]) await logEvent(db, closed[0].owner_id, 'calculation.cancelled', 'calculation', job.data.calculationId, 'warning', 'cancelled before it started');
      await asQueueOwner(db);
      const boss = await getBoss();
      await boss.complete(CALCULATION_QUEUE, jobAttempt(job), { outcome: 'skipped' }, { db: transactionDb(db) as never });
      return null;
    }
    if (row.prev_status === 'running') {
      // The previous attempt's worker died (pg-boss saw its heartbeat stop): record that attempt.
      await db.query(
        `insert into public.calculation_errors (calculation_id, attempt, error_type, severity, code, message, retry_count, will_retry)
         values ($1, $2, 'system', 'warning', 'WORKER_LOST', 'the worker running this attempt stopped responding; the job was handed to another worker', $3, true)`,
        [row.id, Math.max(1, row.prev_attempts), Math.max(0, row.prev_attempts - 1)],
      );
      await logEvent(db, row.owner_id, 'calculation.worker_lost', 'calculation', row.id, 'warning', `attempt ${row.prev_attempts} lost its worker`, {
        attempt: row.prev_attempts,
      });
    }
    await logEvent(db, row.owner_id, 'calculation.started', 'calculation', row.id, 'info', `attempt ${row.attempts} on ${ctx.host}`, {
      attempt: row.attempts,
      worker_id: ctx.workerId,
      host: ctx.host,
      job_id: job.id,
    });
    return row;
  });
}

function embedFailure(error: EmbedError): XtbFailure {
  const base = { retryWithHigherEtemp: false };
  switch (error.code) {
    case 'missing-binary':
      return { ...base, type: 'system', code: 'OBABEL_NOT_FOUND', message: error.message, retryable: false, userActionRequired: false };
    case 'timeout':
      return { ...base, type: 'timeout', code: 'EMBED_TIMEOUT', message: `3D embedding: ${error.message}`, retryable: true, userActionRequired: false };
    case 'aborted':
      return { ...base, type: 'cancelled', code: 'CANCELLED', message: 'the calculation was cancelled', retryable: false, userActionRequired: false };
    case 'bad-geometry':
      // Open Babel's search is randomised: another try may give a usable structure.
      return { ...base, type: 'system', code: 'EMBED_BAD_GEOMETRY', message: error.message, retryable: true, userActionRequired: false };
    default:
      return { ...base, type: 'validation', code: 'EMBED_FAILED', message: `3D embedding failed: ${error.message}`, retryable: false, userActionRequired: true };
  }
}

interface Geometry {
  atoms: Atom[];
  xyz: string;
  embedded: boolean;
  embeddingMs: number | null;
}

async function geometryFor(calc: ClaimedCalculation, signal: AbortSignal): Promise<Geometry> {
  if (calc.input_xyz !== null) {
    const atoms = parseXyz(calc.input_xyz).atoms;
    return { atoms, xyz: calc.input_xyz, embedded: false, embeddingMs: null };
  }
  if (!calc.smiles) {
    throw new AttemptFailure({ type: 'validation', code: 'NO_GEOMETRY', message: 'the molecule has neither coordinates nor a SMILES to embed', retryable: false, retryWithHigherEtemp: false, userActionRequired: true });
  }
  try {
    const embedded = await embedSmilesTo3d(calc.smiles, { timeoutMs: EMBED_TIMEOUT_MS, signal, expectedAtomCount: calc.atom_count ?? undefined });
    return { atoms: embedded.atoms, xyz: embedded.xyz, embedded: true, embeddingMs: embedded.elapsedMs };
  } catch (error) {
    if (error instanceof EmbedError) throw new AttemptFailure(embedFailure(error));
    throw error;
  }
}

export interface AttemptResult {
  outcome: AttemptOutcome;
  calculationId: string;
  attempt: number;
  failure?: XtbFailure;
}

/** Runs one claimed pg-boss job to its end (never throws for calculation failures). */
export async function runCalculationAttempt(job: Job<CalculationJobData>, ctx: AttemptContext): Promise<AttemptResult> {
  const calculationId = job.data.calculationId;
  const calc = await claim(job, ctx);
  if (!calc) return { outcome: 'skipped', calculationId, attempt: job.retryCount + 1 };
  const attempt = calc.attempts;
  const params = { ...toXtbParameters(paramsOfCalculation(calc)), etemp: calc.effective_etemp ?? calc.etemp };
  if (calc.max_opt_cycles !== null) params.maxOptCycles = calc.max_opt_cycles;
  const timeoutMs = 1000 * (calc.timeout_seconds ?? defaultTimeoutSeconds(calc.atom_count ?? 1, calc.task));

  let geometry: Geometry | null = null;
  let run: XtbRunResult | null = null;
  let parsed: XtbParsedOutput | null = null;
  try {
    geometry = await geometryFor(calc, ctx.signal);
    const problem = findGeometryProblem(geometry.atoms);
    if (problem) {
      throw new AttemptFailure({ type: 'validation', code: 'BAD_GEOMETRY', message: problem.message, retryable: false, retryWithHigherEtemp: false, userActionRequired: true });
    }
    run = await runXtb({ xyz: formatXyz(geometry.atoms, `calculation ${calc.id}`), args: buildXtbArgs(params), timeoutMs, signal: ctx.signal, xtbBin: ctx.xtbBin, threads: 1 });
    try {
      parsed = await readXtbOutput({ workDir: run.workDir, stdout: run.stdout, stderr: run.stderr, inputAtoms: geometry.atoms });
    } finally {
      await run.cleanup();
    }
    const verdict = classifyXtbRun({ ...run, timeoutMs }, parsed, params);
    if (!verdict.ok) throw new AttemptFailure(verdict.failure);
    const stored = await storeSuccess(job, ctx, calc, params.etemp, geometry, run, parsed);
    return { outcome: stored ? 'succeeded' : 'superseded', calculationId, attempt };
  } catch (error) {
    let failure = error instanceof AttemptFailure ? error.failure : classifyXtbError(error);
    if (ctx.signal.aborted) {
      // The worker shutting down is not the user's cancel: the attempt is handed on and retried.
      failure =
        ctx.signal.reason === WORKER_SHUTDOWN
          ? { type: 'system', code: 'WORKER_SHUTDOWN', message: 'the worker was stopped during this attempt', retryable: true, retryWithHigherEtemp: false, userActionRequired: false }
          : { type: 'cancelled', code: 'CANCELLED', message: 'the calculation was cancelled', retryable: false, retryWithHigherEtemp: false, userActionRequired: false };
    }
    if (!(error instanceof AttemptFailure)) ctx.log?.(`calculation ${calculationId} attempt ${attempt}: ${(error as Error)?.stack ?? String(error)}`);
    const outcome = await storeFailure(job, ctx, calc, params.etemp, geometry, run, parsed, failure);
    return { outcome, calculationId, attempt, failure };
  }
}

function metricsRow(calc: ClaimedCalculation, ctx: AttemptContext, etemp: number, geometry: Geometry | null, run: XtbRunResult | null, parsed: XtbParsedOutput | null) {
  return [
    calc.id,
    calc.attempts,
    ctx.workerId,
    ctx.host,
    run ? run.wallTimeMs / 1000 : null,
    run?.cpuTimeMs != null ? run.cpuTimeMs / 1000 : null,
    parsed?.scfIterations ?? null,
    parsed?.optimization.cycles ?? null,
    run?.peakMemoryBytes != null ? run.peakMemoryBytes / 1048576 : null,
    run ? run.command.threads : null,
    parsed ? (taskOptimises(calc.task) ? parsed.optimization.converged === true : parsed.scfConverged !== false) : null,
    parsed?.gradientNormEhPerBohr ?? null,
    run?.exitCode ?? null,
    run?.signal ?? null,
    run?.stdout ?? null,
    run?.stderr ?? null,
    etemp,
    parsed?.xtbVersion ?? ctx.xtbVersion,
    geometry?.embeddingMs ?? null,
  ];
}

const INSERT_METRICS = `insert into public.calculation_execution_metrics
  (calculation_id, attempt, worker_id, host, wall_time_s, cpu_time_s, scf_cycles, optimization_cycles, peak_memory_mb, omp_threads,
   converged, final_gradient_norm, exit_code, signal, stdout, stderr, etemp, xtb_version, embedding_ms)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
  on conflict (calculation_id, attempt) do nothing`;

class Superseded extends Error {}

async function storeSuccess(
  job: Job<CalculationJobData>,
  ctx: AttemptContext,
  calc: ClaimedCalculation,
  etemp: number,
  geometry: Geometry,
  run: XtbRunResult,
  parsed: XtbParsedOutput,
): Promise<boolean> {
  const optimised = taskOptimises(calc.task) && parsed.optimizedGeometry ? formatXyz(parsed.optimizedGeometry, 'optimised by xtb') : null;
  // Warnings, origin-free dipole, imaginary modes, trajectory: lib/xtb decides, this only writes.
  const found = storedXtbResults(parsed, { task: calc.task, method: calc.method, charge: calc.charge, requestedEtemp: calc.etemp, usedEtemp: etemp });
  const thermo = parsed.thermochemistry ? JSON.stringify({ ...parsed.thermochemistry, vibrations: parsed.vibrations }) : null;
  try {
    return await asService(async (db) => {
      const { rowCount } = await db.query(
        `update public.calculations set
            status = 'succeeded', finished_at = now(), total_energy = $3, homo = $4, lumo = $5, gap = $6,
            dipole_x = $7, dipole_y = $8, dipole_z = $9, dipole_moment = $10, optimized_xyz = $11,
            orbital_energies = $12, orbital_occupations = $13, frequencies = $14, thermochemistry = $15,
            convergence_status = $16, xtb_version = $17, effective_etemp = $18,
            input_xyz = coalesce(input_xyz, $19), input_hash = coalesce(input_hash, $20),
            geometry_source = coalesce(geometry_source, $21), embedding_ms = coalesce(embedding_ms, $22),
            error_type = null, error_message = null,
            warnings = $23, dipole_reference = $24, imaginary_mode_count = $25, stationary_point = $26,
            vibrational_modes = $27, optimization_trajectory = $28, trajectory_xyz = $29, hessian_displaced_xyz = $30
          where id = $1 and status = 'running' and attempts = $2`,
        [
          calc.id,
          calc.attempts,
          parsed.totalEnergyEh,
          found.homoEv,
          found.lumoEv,
          found.gapEv,
          found.dipole?.xDebye ?? null,
          found.dipole?.yDebye ?? null,
          found.dipole?.zDebye ?? null,
          found.dipole?.magnitudeDebye ?? null,
          optimised,
          parsed.orbitals?.map((o) => o.energyEv) ?? null,
          parsed.orbitals?.map((o) => o.occupation) ?? null,
          parsed.vibrations?.map((v) => v.wavenumberCm1) ?? null,
          thermo,
          found.convergenceStatus,
          parsed.xtbVersion ?? ctx.xtbVersion,
          etemp,
          geometry.xyz,
          geometryHash(geometry.atoms),
          geometry.embedded ? 'embedded' : 'input',
          geometry.embeddingMs,
          JSON.stringify(found.warnings),
          found.dipole?.reference ?? null,
          found.imaginaryModeCount,
          found.stationaryPoint,
          found.vibrationalModes ? JSON.stringify(found.vibrationalModes) : null,
          found.trajectory ? JSON.stringify(found.trajectory) : null,
          found.trajectoryXyz,
          found.hessianDisplacedXyz,
        ],
      );
      if (rowCount !== 1) throw new Superseded();
      const atoms = parsed.atoms;
      if (atoms.length > 0) {
        await db.query(
          `insert into public.atomic_properties (calculation_id, atom_index, element, partial_charge, x, y, z, force_x, force_y, force_z)
           select $1, a.i, a.el, a.q, a.x, a.y, a.z, a.fx, a.fy, a.fz
             from unnest($2::int[], $3::text[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::float8[])
                  as a(i, el, q, x, y, z, fx, fy, fz)`,
          [
            calc.id,
            atoms.map((a) => a.index),
            atoms.map((a) => a.element),
            atoms.map((a) => a.charge),
            atoms.map((a) => a.x),
            atoms.map((a) => a.y),
            atoms.map((a) => a.z),
            atoms.map((a) => a.force?.[0] ?? null),
            atoms.map((a) => a.force?.[1] ?? null),
            atoms.map((a) => a.force?.[2] ?? null),
          ],
        );
      }
      await db.query(INSERT_METRICS, metricsRow(calc, ctx, etemp, geometry, run, parsed));
      await logEvent(db, calc.owner_id, 'calculation.completed', 'calculation', calc.id, 'success', `E = ${parsed.totalEnergyEh} Eh`, {
        attempt: calc.attempts,
        wall_time_s: run.wallTimeMs / 1000,
        warnings: found.warnings.map((w) => w.message),
      });
      await asQueueOwner(db);
      const boss = await getBoss();
      await boss.complete(CALCULATION_QUEUE, jobAttempt(job), { outcome: 'succeeded' }, { db: transactionDb(db) as never });
      return true;
    });
  } catch (error) {
    if (error instanceof Superseded) return false;
    throw error;
  }
}

async function storeFailure(
  job: Job<CalculationJobData>,
  ctx: AttemptContext,
  calc: ClaimedCalculation,
  etemp: number,
  geometry: Geometry | null,
  run: XtbRunResult | null,
  parsed: XtbParsedOutput | null,
  failure: XtbFailure,
): Promise<AttemptOutcome> {
  const policy = queuePolicy();
  try {
    return await asService(async (db) => {
      const history = await db.query<{ attempt: number; error_type: string; code: string | null; message: string; created_at: Date }>(
        `select attempt, error_type, code, message, created_at from public.calculation_errors where calculation_id = $1 order by attempt, created_at`,
        [calc.id],
      );
      const previousTimeouts = history.rows.filter((r) => r.error_type === 'timeout').length;
      const maxTimeoutRetries = Number(process.env.QF_TIMEOUT_RETRIES ?? 1);
      const nextEtemp = failure.retryWithHigherEtemp ? raisedEtemp(etemp) : etemp;
      let willRetry = failure.retryable && job.retryCount < policy.retryLimit;
      // A time limit that was too short stays too short: one more try covers a busy machine, no more.
      if (failure.type === 'timeout' && previousTimeouts >= maxTimeoutRetries) willRetry = false;
      // SCF: retry only while a higher electronic temperature is left to try.
      if (failure.retryWithHigherEtemp && nextEtemp <= etemp) willRetry = false;
      const status = willRetry ? 'queued' : failure.type === 'cancelled' ? 'cancelled' : 'failed';
      const message = willRetry
        ? `${failure.message} (attempt ${calc.attempts}; retrying${failure.retryWithHigherEtemp ? ` at ${nextEtemp} K` : ''})`
        : failure.message;

      const { rowCount } = await db.query(
        `update public.calculations set status = $3, finished_at = case when $3 = 'queued' then null else now() end,
                error_type = $4, error_message = $5, effective_etemp = $6, xtb_version = coalesce($7, xtb_version),
                input_xyz = coalesce(input_xyz, $8), input_hash = coalesce(input_hash, $9),
                geometry_source = coalesce(geometry_source, $10), embedding_ms = coalesce(embedding_ms, $11),
                convergence_status = case when $12 = 'OPT_NOT_CONVERGED' then 'not_converged'
                                          when $12 = 'SCF_NOT_CONVERGED' then 'scf_not_converged' else convergence_status end
          where id = $1 and status = 'running' and attempts = $2`,
        [
          calc.id,
          calc.attempts,
          status,
          failure.type,
          message.slice(0, 10_000),
          willRetry ? nextEtemp : etemp,
          parsed?.xtbVersion ?? ctx.xtbVersion,
          geometry?.xyz ?? null,
          geometry ? geometryHash(geometry.atoms) : null,
          geometry ? (geometry.embedded ? 'embedded' : 'input') : null,
          geometry?.embeddingMs ?? null,
          failure.code,
        ],
      );
      if (rowCount !== 1) throw new Superseded();
      if (run) await db.query(INSERT_METRICS, metricsRow(calc, ctx, etemp, geometry, run, parsed));
      const retryHistory = [
        ...history.rows.map((r) => ({ attempt: r.attempt, type: r.error_type, code: r.code, message: r.message, at: r.created_at })),
        { attempt: calc.attempts, type: failure.type, code: failure.code, message: failure.message, etemp, at: new Date() },
      ];
      const stderrExcerpt = run?.stderr ? run.stderr.slice(-20_000) : null;
      await db.query(
        `insert into public.calculation_errors (calculation_id, attempt, error_type, severity, code, message, stderr_excerpt, retry_count,
                                                retry_history, will_retry, next_retry_at, user_action_required, resolution, resolved_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          calc.id,
          calc.attempts,
          failure.type,
          failure.type === 'cancelled' ? 'info' : willRetry ? 'warning' : failure.type === 'system' ? 'critical' : 'error',
          /^[A-Z0-9_]{1,64}$/.test(failure.code) ? failure.code : 'UNKNOWN',
          `${failure.message}${failure.retryWithHigherEtemp ? ` (electronic temperature ${etemp} K)` : ''}`.slice(0, 10_000),
          stderrExcerpt,
          calc.attempts - 1,
          JSON.stringify(retryHistory),
          willRetry,
          willRetry ? new Date(Date.now() + policy.retryDelay * 1000 * 2 ** job.retryCount) : null,
          failure.userActionRequired,
          failure.type === 'cancelled' ? 'cancelled by the user' : null,
          failure.type === 'cancelled' ? new Date() : null,
        ],
      );
      const eventType = willRetry ? 'calculation.retry_scheduled' : failure.type === 'cancelled' ? 'calculation.cancelled' : 'calculation.failed';
      await logEvent(db, calc.owner_id, eventType, 'calculation', calc.id, willRetry ? 'warning' : failure.type === 'cancelled' ? 'warning' : 'error', message, {
        attempt: calc.attempts,
        error_type: failure.type,
        code: failure.code,
        etemp,
        ...(willRetry && failure.retryWithHigherEtemp ? { next_etemp: nextEtemp } : {}),
      });
      await asQueueOwner(db);
      const boss = await getBoss();
      const tx = { db: transactionDb(db) as never };
      // pg-boss owns the backoff: fail() puts the job back with its exponential delay.
      if (willRetry) await boss.fail(CALCULATION_QUEUE, jobAttempt(job), { type: failure.type, code: failure.code, message: failure.message }, tx);
      else await boss.complete(CALCULATION_QUEUE, jobAttempt(job), { outcome: status, code: failure.code }, tx);
      return willRetry ? ('retrying' as const) : status === 'cancelled' ? ('cancelled' as const) : ('failed' as const);
    });
  } catch (error) {
    if (error instanceof Superseded) return 'superseded';
    throw error;
  }
}

export const HOST = os.hostname();
/** Abort reason of a worker that is stopping (any other abort is a cancel). */
export const WORKER_SHUTDOWN = 'worker-shutdown';
