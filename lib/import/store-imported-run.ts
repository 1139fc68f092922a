// Stores one read xtb folder as a finished calculation of its owner, in one transaction: the
// molecule (de-duplicated per owner exactly as a submission is, by upsertMolecule), the calculation
// row with the worker's own result mapping (resultValues), the per-atom properties, the attempt's
// metrics with xtb's log (the result page's "xtb's output log" download), the error of a failed run,
// the provenance row and an event. Runs as the service role: the rows carry results and statuses
// that users may not write (column grants), and the owner need not be signed in.
import os from 'node:os';
import type { MoleculeRecord } from '../chem/molecule-input.ts';
import { insertAtoms, insertAttemptError, insertAttemptMetrics } from '../calculations/attempt-records.ts';
import { insertCalculationRow } from '../calculations/calculation-sql.ts';
import { parameterRow } from '../calculations/map-parameters.ts';
import { taskOptimises, type CalculationParams } from '../calculations/parameters.ts';
import type { Queryable } from '../db/transaction.ts';
import { logEvent } from '../jobs/event-log.ts';
import { resultValues } from '../jobs/run-calculation.ts';
import { upsertMolecule } from '../molecules/upsert-molecule.ts';
import type { XtbFolderRun } from './read-xtb-folder.ts';

export interface ImportOwner {
  id: string;
  email: string;
  role: 'admin' | 'researcher' | 'viewer';
}

export interface StoredImport {
  calculationId: string;
  moleculeId: string;
  status: 'succeeded' | 'failed';
}

/** The earlier import of the same files by this owner, if any. */
export async function findImport(db: Queryable, ownerId: string, contentHash: string): Promise<{ calculationId: string; sourcePath: string } | null> {
  const { rows } = await db.query<{ calculation_id: string; source_path: string }>(
    `select calculation_id, source_path from public.calculation_imports where owner_id = $1 and content_hash = $2`,
    [ownerId, contentHash],
  );
  return rows[0] ? { calculationId: rows[0].calculation_id, sourcePath: rows[0].source_path } : null;
}

/** The run's parameters in the form the submission path stores them. */
export function importedParams(run: XtbFolderRun): CalculationParams {
  const s = run.settings;
  return {
    method: s.method,
    task: s.task,
    optLevel: s.optLevel,
    solvationModel: s.solvation?.model ?? 'none',
    solvent: s.solvation?.solvent,
    charge: s.charge,
    uhf: s.uhf,
    etemp: s.etemp,
    accuracy: s.accuracy,
    maxIterations: s.maxIterations,
    ...(s.maxOptCycles !== null ? { maxOptCycles: s.maxOptCycles } : {}),
  };
}

/** Writes the run; the caller's transaction must run as the service role. */
export async function storeImportedRun(db: Queryable, owner: ImportOwner, run: XtbFolderRun, molecule: MoleculeRecord, name: string): Promise<StoredImport> {
  // upsertMolecule takes the owner from auth.uid(), as under the user's own session.
  await db.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: owner.id, role: 'service_role' })]);
  const sourceFormat = run.input.format === 'coord' ? 'xyz' : run.input.format;
  const storedMolecule = await upsertMolecule(db, molecule, { organizationId: null, sourceFormat });

  const params = importedParams(run);
  const parameters = parameterRow(params);
  const verdict = run.verdict;
  const status = verdict.ok ? 'succeeded' : 'failed';
  const finishedAt = run.finishedAt;
  const startedAt = new Date(finishedAt.getTime() - Math.max(0, (run.wallTimeS ?? 0) * 1000));
  const results = verdict.ok ? resultValues(parameters, run.parsed, params.etemp) : null;
  const convergence =
    !verdict.ok && verdict.failure.code === 'OPT_NOT_CONVERGED'
      ? ('not_converged' as const)
      : !verdict.ok && verdict.failure.code === 'SCF_NOT_CONVERGED'
        ? ('scf_not_converged' as const)
        : undefined;
  const { id: calculationId } = await insertCalculationRow(
    db,
    {
      molecule_id: storedMolecule.id,
      owner_id: owner.id,
      name,
      input_format: sourceFormat,
      input_xyz: molecule.xyz,
      input_hash: molecule.geometryHash,
      geometry_source: 'input',
      ...parameters,
      ...results,
      status,
      attempts: 1,
      queued_at: startedAt,
      started_at: startedAt,
      finished_at: finishedAt,
      xtb_version: run.xtbVersion,
      effective_etemp: params.etemp,
      ...(convergence ? { convergence_status: convergence } : {}),
      error_type: verdict.ok ? null : verdict.failure.type,
      error_message: verdict.ok ? null : verdict.failure.message.slice(0, 10_000),
    },
    ['id'],
  );

  if (verdict.ok) await insertAtoms(db, calculationId, run.parsed.atoms);
  await insertAttemptMetrics(db, {
    calculation_id: calculationId,
    attempt: 1,
    worker_id: null,
    host: null,
    wall_time_s: run.parsed.xtbWallTimeS,
    cpu_time_s: run.parsed.xtbCpuTimeS,
    scf_cycles: run.parsed.scfIterations,
    optimization_cycles: run.parsed.optimization.cycles,
    peak_memory_mb: null,
    omp_threads: null,
    converged: taskOptimises(params.task) ? run.parsed.optimization.converged === true : run.parsed.scfConverged !== false,
    final_gradient_norm: run.parsed.gradientNormEhPerBohr,
    exit_code: null,
    signal: null,
    stdout: run.stdout || null,
    stderr: null,
    etemp: params.etemp,
    xtb_version: run.xtbVersion,
    embedding_ms: null,
  });
  if (!verdict.ok) {
    await insertAttemptError(db, {
      calculation_id: calculationId,
      attempt: 1,
      error_type: verdict.failure.type,
      severity: 'error',
      code: verdict.failure.code,
      message: verdict.failure.message,
      retry_count: 0,
      will_retry: false,
      user_action_required: verdict.failure.userActionRequired,
    });
  }
  await db.query(
    `insert into public.calculation_imports (calculation_id, owner_id, content_hash, source_path, source_host, source_files, xtb_version, command_line)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      calculationId,
      owner.id,
      run.contentHash,
      run.folder.dir,
      os.hostname().slice(0, 255),
      run.files,
      run.xtbVersion?.slice(0, 200) ?? null,
      run.commandLine?.slice(0, 4000) ?? null,
    ],
  );
  if (storedMolecule.created) {
    await logEvent(db, owner.id, 'molecule.created', 'molecule', storedMolecule.id, 'info', `molecule ${molecule.name} (${molecule.formula})`, {
      source_format: sourceFormat,
    });
  }
  await logEvent(db, owner.id, 'calculation.imported', 'calculation', calculationId, verdict.ok ? 'success' : 'warning', `imported from ${run.folder.dir}`, {
    source_path: run.folder.dir,
    content_hash: run.contentHash,
    xtb_version: run.xtbVersion,
    command_line: run.commandLine,
    status,
  });
  return { calculationId, moleculeId: storedMolecule.id, status };
}
