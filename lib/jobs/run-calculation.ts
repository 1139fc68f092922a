// One attempt of one calculation: claim it, embed SMILES in 3D if needed, run xtb, judge the output,
// and store the outcome together with the job's completion in ONE transaction. Every write is
// guarded by `status = 'running' and attempts = <this attempt>`, so an attempt that was given up on
// (its worker presumed dead) can never store over the attempt that replaced it.
import 'server-only';
import os from 'node:os';
import type { Job } from 'pg-boss';
import { asService } from '../db/service.ts';
import type { XtbProgress } from '../xtb/xtb-progress.ts';
import { embedSmilesTo3d, EmbedError } from '../chem/embed-3d.ts';
import { parseXyz, type Atom } from '../chem/parse-xyz.ts';
import { findGeometryProblem } from '../chem/validate-geometry.ts';
import { geometryHash } from '../chem/write-xyz.ts';
import { claimCalculation, storeAttemptEnd, type ClaimedCalculation } from '../calculations/attempt-statements.ts';
import { closeCancelledBeforeStart } from '../calculations/cancel-statements.ts';
import { attemptErrors, insertAtoms, insertAttemptError, insertAttemptMetrics, type AttemptMetricsRecord } from '../calculations/attempt-records.ts';
import type { StoredThermochemistry } from '../calculations/json-columns.ts';
import { paramsFromRow, toXtbParameters } from '../calculations/map-parameters.ts';
import { taskOptimises } from '../calculations/parameters.ts';
import { buildXtbArgs } from '../xtb/build-xtb-args.ts';
import { classifyXtbError, classifyXtbRun, type XtbFailure } from '../xtb/classify-xtb-failure.ts';
import { readMoldenFile } from '../xtb/molden-file.ts';
import { readXtbOutput, type XtbParsedOutput } from '../xtb/parse-xtb-output.ts';
import { formatXyz, runXtb, type XtbRunResult } from '../xtb/run-xtb.ts';
import { storedXtbResults } from '../xtb/stored-results.ts';
import { defaultTimeoutSeconds, EMBED_TIMEOUT_MS } from './calculation-time-limits.ts';
import { logEvent } from './event-log.ts';
import { asQueueOwner, getBoss, inTransaction, queuePolicy, type CalculationJobData } from './queue.ts';
import { decideRetry } from './retry-policy.ts';
import { enqueueFinalStateWebhooks } from '../webhooks/enqueue-webhooks.ts';

export interface AttemptContext {
  workerId: string | null;
  host: string;
  xtbBin?: string;
  xtbVersion: string | null;
  signal: AbortSignal;
  log?: (line: string) => void;
}

export type AttemptOutcome = 'succeeded' | 'retrying' | 'failed' | 'cancelled' | 'skipped' | 'superseded';

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
    const row = await claimCalculation(db, job.data.calculationId, attempt, job.id);
    if (!row) {
      // Finished, cancelled or gone: nothing to run. A queued calculation whose cancel arrived
      // between the request and now is closed here.
      const ownerId = await closeCancelledBeforeStart(db, job.data.calculationId, true);
      if (ownerId) await logEvent(db, ownerId, 'calculation.cancelled', 'calculation', job.data.calculationId, 'warning', 'cancelled before it started');
      await asQueueOwner(db);
      if (ownerId) await enqueueFinalStateWebhooks(db, [job.data.calculationId]);
      const boss = await getBoss();
      await boss.complete(job.name, jobAttempt(job), { outcome: 'skipped' }, inTransaction(db));
      return null;
    }
    if (row.prev_status === 'running') {
      // The previous attempt's worker died (pg-boss saw its heartbeat stop): record that attempt.
      await insertAttemptError(db, {
        calculation_id: row.id,
        attempt: Math.max(1, row.prev_attempts),
        error_type: 'system',
        severity: 'warning',
        code: 'WORKER_LOST',
        message: 'the worker running this attempt stopped responding; the job was handed to another worker',
        retry_count: Math.max(0, row.prev_attempts - 1),
        will_retry: true,
      });
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
      return {
        ...base,
        type: 'validation',
        code: 'EMBED_FAILED',
        message: `3D embedding failed: ${error.message}`,
        retryable: false,
        userActionRequired: true,
      };
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
  // The calculation's own SMILES: what was submitted for it, not the shared molecule row's.
  const smiles = calc.input_smiles;
  if (!smiles) {
    throw new AttemptFailure({
      type: 'validation',
      code: 'NO_GEOMETRY',
      message: 'the calculation has neither coordinates nor a SMILES to embed',
      retryable: false,
      retryWithHigherEtemp: false,
      userActionRequired: true,
    });
  }
  try {
    const embedded = await embedSmilesTo3d(smiles, { timeoutMs: EMBED_TIMEOUT_MS, signal, expectedAtomCount: calc.atom_count ?? undefined });
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
  const params = { ...toXtbParameters(paramsFromRow(calc)), etemp: calc.effective_etemp ?? calc.etemp };
  const timeoutMs = 1000 * (calc.timeout_seconds ?? defaultTimeoutSeconds(calc.atom_count ?? 1, calc.task));

  let geometry: Geometry | null = null;
  let run: XtbRunResult | null = null;
  let parsed: XtbParsedOutput | null = null;
  let molden: string | null = null;
  try {
    geometry = await geometryFor(calc, ctx.signal);
    const problem = findGeometryProblem(geometry.atoms);
    if (problem) {
      throw new AttemptFailure({
        type: 'validation',
        code: 'BAD_GEOMETRY',
        message: problem.message,
        retryable: false,
        retryWithHigherEtemp: false,
        userActionRequired: true,
      });
    }
    run = await runXtb({
      xyz: formatXyz(geometry.atoms, `calculation ${calc.id}`),
      args: buildXtbArgs(params),
      timeoutMs,
      signal: ctx.signal,
      xtbBin: ctx.xtbBin,
      threads: 1,
      // The page shows the optimisation's latest cycle; runXtb reads it every 2 s at most.
      onProgress: (progress) => recordProgress(calc.id, attempt, progress),
    });
    try {
      parsed = await readXtbOutput({ workDir: run.workDir, stdout: run.stdout, stderr: run.stderr, inputAtoms: geometry.atoms });
      molden = await readMoldenFile(run.workDir);
    } finally {
      await run.cleanup();
    }
    const verdict = classifyXtbRun({ ...run, timeoutMs }, parsed, params);
    if (!verdict.ok) throw new AttemptFailure(verdict.failure);
    const stored = await storeSuccess(job, ctx, calc, params.etemp, geometry, run, parsed, molden);
    return { outcome: stored ? 'succeeded' : 'superseded', calculationId, attempt };
  } catch (error) {
    let failure = error instanceof AttemptFailure ? error.failure : classifyXtbError(error);
    if (ctx.signal.aborted) {
      // The worker shutting down is not the user's cancel: the attempt is handed on and retried.
      failure =
        ctx.signal.reason === WORKER_SHUTDOWN
          ? {
              type: 'system',
              code: 'WORKER_SHUTDOWN',
              message: 'the worker was stopped during this attempt',
              retryable: true,
              retryWithHigherEtemp: false,
              userActionRequired: false,
            }
          : {
              type: 'cancelled',
              code: 'CANCELLED',
              message: 'the calculation was cancelled',
              retryable: false,
              retryWithHigherEtemp: false,
              userActionRequired: false,
            };
    }
    if (!(error instanceof AttemptFailure)) ctx.log?.(`calculation ${calculationId} attempt ${attempt}: ${(error as Error)?.stack ?? String(error)}`);
    const outcome = await storeFailure(job, ctx, calc, params.etemp, geometry, run, parsed, failure);
    return { outcome, calculationId, attempt, failure };
  }
}

function metricsRecord(
  calc: ClaimedCalculation,
  ctx: AttemptContext,
  etemp: number,
  geometry: Geometry | null,
  run: XtbRunResult,
  parsed: XtbParsedOutput | null,
): AttemptMetricsRecord {
  return {
    calculation_id: calc.id,
    attempt: calc.attempts,
    worker_id: ctx.workerId,
    host: ctx.host,
    wall_time_s: run.wallTimeMs / 1000,
    cpu_time_s: run.cpuTimeMs != null ? run.cpuTimeMs / 1000 : null,
    scf_cycles: parsed?.scfIterations ?? null,
    optimization_cycles: parsed?.optimization.cycles ?? null,
    peak_memory_mb: run.peakMemoryBytes != null ? run.peakMemoryBytes / 1048576 : null,
    omp_threads: run.command.threads,
    converged: parsed ? (taskOptimises(calc.task) ? parsed.optimization.converged === true : parsed.scfConverged !== false) : null,
    final_gradient_norm: parsed?.gradientNormEhPerBohr ?? null,
    exit_code: run.exitCode ?? null,
    signal: run.signal ?? null,
    stdout: run.stdout,
    stderr: run.stderr,
    etemp,
    xtb_version: parsed?.xtbVersion ?? ctx.xtbVersion,
    embedding_ms: geometry?.embeddingMs ?? null,
  };
}

class Superseded extends Error {}

/** The geometry an attempt ran on, as the calculation records it (first attempt's only). */
function geometryValues(geometry: Geometry | null) {
  if (!geometry) return {};
  return {
    input_xyz: geometry.xyz,
    input_hash: geometryHash(geometry.atoms),
    geometry_source: geometry.embedded ? ('embedded' as const) : ('input' as const),
    embedding_ms: geometry.embeddingMs,
  };
}

/**
 * What a successful attempt stores on the calculation row. Warnings, the origin-free dipole,
 * imaginary modes and the trajectory are decided in lib/xtb (stored-results.ts); this only maps.
 * The importer of earlier runs (lib/import) stores with it too.
 */
export function resultValues(calc: Pick<ClaimedCalculation, 'task' | 'method' | 'charge' | 'etemp'>, parsed: XtbParsedOutput, etemp: number) {
  const found = storedXtbResults(parsed, { task: calc.task, method: calc.method, charge: calc.charge, requestedEtemp: calc.etemp, usedEtemp: etemp });
  const thermochemistry: StoredThermochemistry | null = parsed.thermochemistry ? { ...parsed.thermochemistry, vibrations: parsed.vibrations } : null;
  return {
    total_energy: parsed.totalEnergyEh,
    homo: found.homoEv,
    lumo: found.lumoEv,
    gap: found.gapEv,
    dipole_x: found.dipole?.xDebye ?? null,
    dipole_y: found.dipole?.yDebye ?? null,
    dipole_z: found.dipole?.zDebye ?? null,
    dipole_moment: found.dipole?.magnitudeDebye ?? null,
    dipole_reference: found.dipole?.reference ?? null,
    optimized_xyz: taskOptimises(calc.task) && parsed.optimizedGeometry ? formatXyz(parsed.optimizedGeometry, 'optimised by xtb') : null,
    orbital_energies: parsed.orbitals?.map((o) => o.energyEv) ?? null,
    orbital_occupations: parsed.orbitals?.map((o) => o.occupation) ?? null,
    frequencies: parsed.vibrations?.map((v) => v.wavenumberCm1) ?? null,
    thermochemistry,
    convergence_status: found.convergenceStatus,
    warnings: found.warnings,
    imaginary_mode_count: found.imaginaryModeCount,
    stationary_point: found.stationaryPoint,
    vibrational_modes: found.vibrationalModes,
    optimization_trajectory: found.trajectory,
    trajectory_xyz: found.trajectoryXyz,
    hessian_displaced_xyz: found.hessianDisplacedXyz,
  };
}

/** This attempt's latest optimisation cycle, for the result page (never over another attempt's row). */
export async function recordProgress(calculationId: string, attempt: number, progress: XtbProgress): Promise<void> {
  await asService((db) =>
    db.query(`update public.calculations set progress = $3 where id = $1 and status = 'running' and attempts = $2`, [
      calculationId,
      attempt,
      JSON.stringify({ attempt, step: progress.step, energy_eh: progress.energyEh, gradient_norm: progress.gradientNormEhPerBohr }),
    ]),
  );
}

async function storeSuccess(
  job: Job<CalculationJobData>,
  ctx: AttemptContext,
  calc: ClaimedCalculation,
  etemp: number,
  geometry: Geometry,
  run: XtbRunResult,
  parsed: XtbParsedOutput,
  molden: string | null,
): Promise<boolean> {
  const results = resultValues(calc, parsed, etemp);
  try {
    return await asService(async (db) => {
      const stored = await storeAttemptEnd(db, calc, 'succeeded', {
        ...results,
        molden_input: molden,
        ...geometryValues(geometry),
        xtb_version: parsed.xtbVersion ?? ctx.xtbVersion,
        effective_etemp: etemp,
        error_type: null,
        error_message: null,
      });
      if (!stored) throw new Superseded();
      await insertAtoms(db, calc.id, parsed.atoms);
      await insertAttemptMetrics(db, metricsRecord(calc, ctx, etemp, geometry, run, parsed));
      await logEvent(db, calc.owner_id, 'calculation.completed', 'calculation', calc.id, 'success', `E = ${parsed.totalEnergyEh} Eh`, {
        attempt: calc.attempts,
        wall_time_s: run.wallTimeMs / 1000,
        warnings: results.warnings.map((w) => w.message),
      });
      await asQueueOwner(db);
      await enqueueFinalStateWebhooks(db, [calc.id]);
      const boss = await getBoss();
      await boss.complete(job.name, jobAttempt(job), { outcome: 'succeeded' }, inTransaction(db));
      return true;
    });
  } catch (error) {
    if (error instanceof Superseded) return false;
    throw error;
  }
}

/** The convergence a failure proves (other failures leave the stored value as it is). */
function convergenceOf(code: string) {
  if (code === 'OPT_NOT_CONVERGED') return 'not_converged' as const;
  if (code === 'SCF_NOT_CONVERGED') return 'scf_not_converged' as const;
  return undefined;
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
      const history = await attemptErrors(db, calc.id);
      const decision = decideRetry({
        failure,
        attempt: calc.attempts,
        retryCount: job.retryCount,
        retryLimit: policy.retryLimit,
        previousTimeouts: history.filter((r) => r.type === 'timeout').length,
        maxTimeoutRetries: Number(process.env.QF_TIMEOUT_RETRIES ?? 1),
        etemp,
        retryDelaySeconds: policy.retryDelay,
      });

      const stored = await storeAttemptEnd(db, calc, decision.status, {
        ...geometryValues(geometry),
        error_type: failure.type,
        error_message: decision.message.slice(0, 10_000),
        effective_etemp: decision.nextEtemp,
        xtb_version: parsed?.xtbVersion ?? ctx.xtbVersion ?? undefined,
        convergence_status: convergenceOf(failure.code),
      });
      if (!stored) throw new Superseded();
      if (run) await insertAttemptMetrics(db, metricsRecord(calc, ctx, etemp, geometry, run, parsed));
      const cancelled = failure.type === 'cancelled';
      await insertAttemptError(db, {
        calculation_id: calc.id,
        attempt: calc.attempts,
        error_type: failure.type,
        severity: decision.severity,
        code: failure.code,
        message: `${failure.message}${failure.retryWithHigherEtemp ? ` (electronic temperature ${etemp} K)` : ''}`,
        stderr_excerpt: run?.stderr || null,
        retry_count: calc.attempts - 1,
        retry_history: [...history, { attempt: calc.attempts, type: failure.type, code: failure.code, message: failure.message, etemp, at: new Date() }],
        will_retry: decision.willRetry,
        next_retry_at: decision.nextRetryInSeconds === null ? null : new Date(Date.now() + decision.nextRetryInSeconds * 1000),
        user_action_required: failure.userActionRequired,
        resolution: cancelled ? 'cancelled by the user' : null,
        resolved_at: cancelled ? new Date() : null,
      });
      await logEvent(db, calc.owner_id, decision.event.type, 'calculation', calc.id, decision.event.status, decision.message, {
        attempt: calc.attempts,
        error_type: failure.type,
        code: failure.code,
        etemp,
        ...(decision.willRetry && failure.retryWithHigherEtemp ? { next_etemp: decision.nextEtemp } : {}),
      });
      await asQueueOwner(db);
      if (!decision.willRetry) await enqueueFinalStateWebhooks(db, [calc.id]);
      const boss = await getBoss();
      // pg-boss owns the backoff: fail() puts the job back with its exponential delay.
      if (decision.willRetry)
        await boss.fail(job.name, jobAttempt(job), { type: failure.type, code: failure.code, message: failure.message }, inTransaction(db));
      else await boss.complete(job.name, jobAttempt(job), { outcome: decision.status, code: failure.code }, inTransaction(db));
      return decision.outcome;
    });
  } catch (error) {
    if (error instanceof Superseded) return 'superseded';
    throw error;
  }
}

/** The name this worker reports (workers table, attempt records): QF_WORKER_HOST, else the machine's. */
export const HOST = process.env.QF_WORKER_HOST || os.hostname();
/** Abort reason of a worker that is stopping (any other abort is a cancel). */
export const WORKER_SHUTDOWN = 'worker-shutdown';
