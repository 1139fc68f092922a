// The whole pipeline against a real PostgreSQL and the real xtb: submitCalculation → pg-boss →
// worker (embed + xtb) → stored results; failures, retries, cancel, a killed worker, bad input and
// health. One file, because one queue: a worker in another file would take these jobs.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser } from '../db/as-user.ts';
import { closePool, getPool } from '../db/pool.ts';
import { DEFAULT_CALCULATION_PARAMS, type CalculationParams } from '../calculations/parameters.ts';
import { getCalculation as getCalculationDetail } from '../calculations/get-calculation.ts';
import { calculationFileResponse } from '../calculations/calculation-file-response.ts';
import { listCalculationFiles } from '../calculations/calculation-files.ts';
import { HARTREE_TO_EV } from '../units/format-energy.ts';
import { listCalculations } from '../calculations/list-calculations.ts';
import { parseResultsQuery } from '../results/results-query.ts';
import { getPipelineHealth } from './health.ts';
import { stopBoss } from './queue.ts';
import { toXtbParameters } from '../calculations/map-parameters.ts';
import { UserError } from '../errors/user-error.ts';
import { cancelCalculation } from './cancel-calculation.ts';
import { rerunCalculation } from './rerun-calculation.ts';
import { submitCalculation, type SubmittingUser } from './submit-calculation.ts';
import { createUser, getCalculation, runXtbDirect, waitForStatus } from './test-support.ts';
import { ownCalculationQueue } from './test-queue.ts';
import { startWorker, type WorkerHandle } from './worker.ts';

// Its own queue: another test file's worker (with other retry settings, stopped when that file
// ends) never takes this file's jobs, so attempts and error records are exactly these tests'.
ownCalculationQueue('pipeline');
Object.assign(process.env, {
  QF_JOB_RETRY_DELAY_SECONDS: '1',
  QF_JOB_RETRY_DELAY_MAX_SECONDS: '2',
  QF_JOB_HEARTBEAT_SECONDS: '10',
  QF_QUEUE_MONITOR_SECONDS: '1',
  QF_TIMEOUT_RETRIES: '1',
  OMP_NUM_THREADS: '1',
});

const WATER = '3\nwater\nO 0.000000 0.000000 0.117300\nH 0.000000 0.757200 -0.469200\nH 0.000000 -0.757200 -0.469200\n';
const CAFFEINE = 'Cn1cnc2c1c(=O)n(C)c(=O)n2C';
const params = (over: Partial<CalculationParams> = {}): CalculationParams => ({ ...DEFAULT_CALCULATION_PARAMS, ...over });

let researcher: SubmittingUser;
let viewer: SubmittingUser;
let worker: WorkerHandle | null = null;

async function ensureWorker(): Promise<WorkerHandle> {
  worker ??= await startWorker({ concurrency: 2, log: process.env.QF_TEST_WORKER_LOG ? undefined : () => {} });
  return worker;
}

async function errorsOf(id: string) {
  const { rows } = await getPool().query<{ attempt: number; error_type: string; code: string; will_retry: boolean; message: string }>(
    'select attempt, error_type, code, will_retry, message from public.calculation_errors where calculation_id = $1 order by attempt, created_at',
    [id],
  );
  return rows;
}

async function count(sql: string, values: unknown[]): Promise<number> {
  const { rows } = await getPool().query<{ n: number }>(sql, values);
  return Number(rows[0]!.n);
}

beforeAll(async () => {
  researcher = await createUser('researcher');
  viewer = await createUser('viewer');
});

afterAll(async () => {
  await worker?.stop();
  await stopBoss();
  await closePool();
});

describe('results match a direct xtb run', () => {
  it('water (XYZ, GFN2 single point): same total energy to 1e-6 Eh, 3 atoms', async () => {
    await ensureWorker();
    const p = params({ task: 'sp' });
    const { calculationId, needsEmbedding } = await submitCalculation(researcher, { format: 'xyz', text: WATER, name: 'water', params: p });
    expect(needsEmbedding).toBe(false);
    const calc = await waitForStatus(calculationId, ['succeeded', 'failed']);
    expect(calc.status, String(calc.error_message)).toBe('succeeded');
    const direct = await runXtbDirect(calc.input_xyz!, toXtbParameters(p));
    expect(Math.abs(calc.total_energy! - direct.totalEnergy!)).toBeLessThan(1e-6);
    expect(await count('select count(*) as n from public.atomic_properties where calculation_id = $1', [calculationId])).toBe(3);
    const metrics = await getPool().query('select * from public.calculation_execution_metrics where calculation_id = $1', [calculationId]);
    expect(metrics.rows).toHaveLength(1);
    expect(metrics.rows[0].xtb_version).toMatch(/^6\.5\.1/);
    expect(metrics.rows[0].omp_threads).toBe(1);
    expect(metrics.rows[0].stdout).toContain('TOTAL ENERGY');
    expect(metrics.rows[0].stderr).toContain('normal termination');

    // xtb's Molden file (--molden): listed with the size the download has, and its orbitals are the run's.
    const detail = (await getCalculationDetail(researcher.claims, calculationId))!;
    const listed = listCalculationFiles(detail).find((f) => f.name === 'molden.input');
    expect(listed).toMatchObject({ fileName: 'water.molden', mediaType: 'chemical/x-molden' });
    const download = await calculationFileResponse(researcher.claims, calculationId, 'molden.input');
    expect(download.status).toBe(200);
    const molden = await download.text();
    expect(Buffer.byteLength(molden)).toBe(listed!.size);
    expect(molden).toMatch(/^\[Molden Format\]\n[\s\S]*\[Atoms\] AU\n[\s\S]*\[GTO\][\s\S]*\[MO\]/);
    const occupied = [...molden.matchAll(/Ene=\s*(\S+)\s+Spin= Alpha\s+Occup=\s*(\S+)/g)].filter((m) => Number(m[2]) > 0);
    expect(occupied).toHaveLength(4); // water's 8 valence electrons
    expect(Number(occupied.at(-1)![1]) * HARTREE_TO_EV).toBeCloseTo(calc.homo!, 3);
  });

  it('caffeine (SMILES embedded by the worker, GFN2 optimisation in ALPB water): same energy, 24 atoms with charges and forces', async () => {
    await ensureWorker();
    const p = params({ task: 'opt', solvationModel: 'alpb', solvent: 'water' });
    const { calculationId, needsEmbedding } = await submitCalculation(researcher, { format: 'smiles', text: CAFFEINE, name: 'caffeine', params: p });
    expect(needsEmbedding).toBe(true);
    const calc = await waitForStatus(calculationId, ['succeeded', 'failed']);
    expect(calc.status, String(calc.error_message)).toBe('succeeded');
    expect(calc.geometry_source).toBe('embedded');
    expect(calc.convergence_status).toBe('converged');
    expect(calc.optimized_xyz).toMatch(/^24\n/);
    expect(calc.gap as number).toBeGreaterThan(0);
    expect(calc.dipole_moment as number).toBeGreaterThan(0);
    const direct = await runXtbDirect(calc.input_xyz!, toXtbParameters(p));
    expect(Math.abs(calc.total_energy! - direct.totalEnergy!)).toBeLessThan(1e-6);
    const atoms = await getPool().query('select * from public.atomic_properties where calculation_id = $1 order by atom_index', [calculationId]);
    expect(atoms.rows).toHaveLength(24);
    expect(atoms.rows.every((a) => a.partial_charge !== null && a.force_x !== null)).toBe(true);
    const events = await getPool().query<{ event_type: string }>('select event_type from public.event_logs where entity_id = $1 order by id', [calculationId]);
    expect(events.rows.map((e) => e.event_type)).toEqual(['calculation.queued', 'calculation.started', 'calculation.completed']);

    // Edit and rerun: a new calculation of the same molecule and geometry.
    const rerun = await rerunCalculation(researcher, calculationId, { task: 'sp', solvationModel: 'none', solvent: undefined });
    const again = await waitForStatus(rerun.calculationId, ['succeeded', 'failed']);
    expect(again.status).toBe('succeeded');
    expect(again.molecule_id).toBe(calc.molecule_id);
    expect(again.input_hash).toBe(calc.input_hash);
  });
});

describe('a calculation computes what was submitted for it', () => {
  it("two submissions of one molecule keep their own names and SMILES; the worker embeds the calculation's SMILES, not the molecule row's", async () => {
    const p = params({ task: 'sp' });
    const first = await submitCalculation(researcher, { format: 'smiles', text: 'CCO', name: 'first', params: p });
    // The shared molecule row says something else (as a look-alike letter once made it say): it must not matter.
    await getPool().query(`update public.molecules set input_smiles = 'CC', canonical_smiles = 'CC' where id = $1`, [first.moleculeId]);
    const second = await submitCalculation(researcher, { format: 'smiles', text: 'OCC', name: 'second', params: p });
    expect(second.moleculeId).toBe(first.moleculeId);
    expect(second.moleculeCreated).toBe(false);

    const rows = await Promise.all([getCalculation(first.calculationId), getCalculation(second.calculationId)]);
    expect(rows.map((r) => [r.name, r.input_smiles, r.input_format])).toEqual([
      ['first', 'CCO', 'smiles'],
      ['second', 'OCC', 'smiles'],
    ]);
    const detail = await getCalculationDetail(researcher.claims, second.calculationId);
    expect(detail).toMatchObject({ name: 'second', inputSmiles: 'OCC' });
    const listed = await listCalculations(researcher.claims, parseResultsQuery({ q: 'second' }), 'hartree');
    expect(listed.items.map((i) => [i.id, i.moleculeName])).toEqual([[second.calculationId, 'second']]);

    await ensureWorker();
    const done = await waitForStatus(second.calculationId, ['succeeded', 'failed']);
    expect(done.status, String(done.error_message)).toBe('succeeded');
    expect(done.geometry_source).toBe('embedded');
    expect(await count('select count(*) as n from public.atomic_properties where calculation_id = $1', [second.calculationId])).toBe(9);
    expect(done.input_xyz).toMatch(/^9\n/);
  });
});

describe('what a chemist must see next to the numbers is stored with them (issue #11)', () => {
  const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '../xtb/fixtures', name), 'utf8');

  it('frequencies on an Open Babel geometry: flagged as not stationary, not "converged"', async () => {
    await ensureWorker();
    const { calculationId } = await submitCalculation(researcher, { format: 'smiles', text: 'O', name: 'water', params: params({ task: 'hess' }) });
    const calc = await waitForStatus(calculationId, ['succeeded', 'failed']);
    expect(calc.status, String(calc.error_message)).toBe('succeeded');
    expect(calc.convergence_status).toBe('not_converged');
    expect(calc.stationary_point).toBe('not_stationary');
    expect(calc.imaginary_mode_count).toBe(0);
    expect((calc.warnings as { code: string }[]).map((w) => w.code)).toEqual(['NOT_STATIONARY']);
    expect(calc.vibrational_modes as unknown[]).toHaveLength(3);
  });

  it('a saddle point (acetone, GFN1 optimisation + frequencies): counted, warned, distorted geometry and trajectory kept', async () => {
    await ensureWorker();
    const { calculationId } = await submitCalculation(researcher, {
      format: 'xyz',
      text: fixture('acetone.xyz'),
      name: 'acetone',
      params: params({ method: 'gfn1', task: 'ohess' }),
    });
    const calc = await waitForStatus(calculationId, ['succeeded', 'failed']);
    expect(calc.status, String(calc.error_message)).toBe('succeeded');
    expect(calc.stationary_point).toBe('saddle_point');
    expect(calc.imaginary_mode_count).toBe(1);
    expect((calc.warnings as { code: string }[]).map((w) => w.code)).toEqual(['SADDLE_POINT']);
    expect(calc.hessian_displaced_xyz).toMatch(/^10\n/);
    const trajectory = calc.optimization_trajectory as { step: number; energyEh: number }[];
    expect(trajectory.length).toBeGreaterThan(1);
    expect(trajectory.at(-1)!.energyEh).toBeCloseTo(calc.total_energy!, 9);
    expect(calc.trajectory_xyz).toMatch(/^10\n/);
    // GFN1's own dipole block, about the final geometry (not xtbout.json's starting-structure value)
    expect(calc.dipole_reference).toBe('origin_independent');
  });

  it('an ion: the dipole about its centre of mass', async () => {
    await ensureWorker();
    const { calculationId } = await submitCalculation(researcher, {
      format: 'xyz',
      text: fixture('acetate.xyz'),
      name: 'acetate',
      params: params({ task: 'sp', charge: -1 }),
    });
    const calc = await waitForStatus(calculationId, ['succeeded', 'failed']);
    expect(calc.status, String(calc.error_message)).toBe('succeeded');
    expect(calc.dipole_reference).toBe('centre_of_mass');
    // xtb's own value about the coordinate origin is 15.1 D for this placement.
    expect(calc.dipole_moment as number).toBeLessThan(10);
  });
});

describe('failures are classified and retried as designed', () => {
  it('an unconvergeable SCF is retried at raised electronic temperatures, then fails as convergence', async () => {
    await ensureWorker();
    const { calculationId } = await submitCalculation(researcher, { format: 'smiles', text: CAFFEINE, params: params({ task: 'sp', maxIterations: 1 }) });
    const calc = await waitForStatus(calculationId, ['succeeded', 'failed'], 90_000);
    expect(calc.status).toBe('failed');
    expect(calc.error_type).toBe('convergence');
    expect(calc.convergence_status).toBe('scf_not_converged');
    const errors = await errorsOf(calculationId);
    expect(errors.map((e) => e.code)).toEqual(['SCF_NOT_CONVERGED', 'SCF_NOT_CONVERGED', 'SCF_NOT_CONVERGED', 'SCF_NOT_CONVERGED']);
    expect(errors.map((e) => e.will_retry)).toEqual([true, true, true, false]);
    const etemps = await getPool().query<{ attempt: number; etemp: number }>(
      'select attempt, etemp from public.calculation_execution_metrics where calculation_id = $1 order by attempt',
      [calculationId],
    );
    expect(etemps.rows.map((r) => r.etemp)).toEqual([300, 1000, 2000, 4000]);
    expect(calc.attempts).toBe(4);
  }, 120_000);

  it('a timeout is retried once, then fails as timeout', async () => {
    await ensureWorker();
    const { calculationId } = await submitCalculation(researcher, {
      format: 'smiles',
      text: CAFFEINE,
      params: params({ task: 'ohess', timeoutSeconds: 1 }),
    });
    const calc = await waitForStatus(calculationId, ['succeeded', 'failed'], 60_000);
    expect(calc.status).toBe('failed');
    expect(calc.error_type).toBe('timeout');
    const errors = await errorsOf(calculationId);
    expect(errors.map((e) => [e.error_type, e.will_retry])).toEqual([
      ['timeout', true],
      ['timeout', false],
    ]);
    expect(calc.attempts).toBe(2);
  }, 90_000);

  it('a cancel stops the running xtb: cancelled, never retried', async () => {
    await ensureWorker();
    const { calculationId } = await submitCalculation(researcher, { format: 'smiles', text: CAFFEINE, params: params({ task: 'ohess' }) });
    await waitForStatus(calculationId, ['running'], 30_000, 20);
    const started = Date.now();
    expect(await cancelCalculation(researcher, calculationId)).toEqual({ status: 'cancelling' });
    const calc = await waitForStatus(calculationId, ['cancelled', 'succeeded', 'failed'], 30_000);
    expect(calc.status).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(2500);
    await new Promise((r) => setTimeout(r, 1500));
    const after = await getCalculation(calculationId);
    expect(after.status).toBe('cancelled');
    expect(after.attempts).toBe(1);
    expect((await errorsOf(calculationId)).map((e) => [e.error_type, e.will_retry])).toEqual([['cancelled', false]]);
    await expect(cancelCalculation(researcher, calculationId)).rejects.toMatchObject({ code: 'NOT_CANCELLABLE' });
  }, 60_000);

  it('an optimisation stopped by its cycle limit is a convergence failure although xtb exits 0', async () => {
    await ensureWorker();
    const { calculationId } = await submitCalculation(researcher, {
      format: 'smiles',
      text: CAFFEINE,
      params: params({ task: 'opt', maxOptCycles: 2 }),
    });
    const calc = await waitForStatus(calculationId, ['succeeded', 'failed'], 30_000);
    expect(calc.status).toBe('failed');
    expect(calc.error_type).toBe('convergence');
    expect(calc.convergence_status).toBe('not_converged');
    expect(calc.attempts).toBe(1);
    const errors = await errorsOf(calculationId);
    expect(errors.map((e) => [e.code, e.will_retry])).toEqual([['OPT_NOT_CONVERGED', false]]);
    const metrics = await getPool().query('select exit_code from public.calculation_execution_metrics where calculation_id = $1', [calculationId]);
    expect(metrics.rows[0].exit_code).toBe(0);
    expect(await count('select count(*) as n from public.atomic_properties where calculation_id = $1', [calculationId])).toBe(0);
  }, 60_000);
});

describe('a worker killed in the middle of a job', () => {
  it('leaves the job to another worker: succeeded exactly once, one set of atoms', async () => {
    // Only the child worker may take this job.
    await worker?.stop();
    worker = null;
    const root = path.resolve(import.meta.dirname, '../..');
    const child: ChildProcess = spawn(process.execPath, ['--conditions=react-server', path.join(root, 'scripts/worker.ts')], {
      cwd: root,
      env: { ...process.env, QF_WORKER_CONCURRENCY: '1', QF_WORKER_MAINTENANCE: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let childOutput = '';
    child.stdout!.on('data', (d) => (childOutput += d));
    child.stderr!.on('data', (d) => (childOutput += d));
    try {
      const { calculationId } = await submitCalculation(researcher, { format: 'smiles', text: CAFFEINE, params: params({ task: 'ohess' }) });
      const running = await waitForStatus(calculationId, ['running', 'failed', 'succeeded'], 30_000, 20);
      expect(running.status, childOutput).toBe('running');
      await new Promise((r) => setTimeout(r, 500)); // xtb is computing the Hessian now
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      expect((await getCalculation(calculationId)).status).toBe('running');

      await ensureWorker();
      const calc = await waitForStatus(calculationId, ['succeeded', 'failed'], 60_000, 100);
      expect(calc.status, String(calc.error_message)).toBe('succeeded');
      expect(calc.attempts).toBe(2);
      expect(await count('select count(*) as n from public.atomic_properties where calculation_id = $1', [calculationId])).toBe(24);
      expect(await count('select count(*) as n from public.calculation_execution_metrics where calculation_id = $1', [calculationId])).toBe(1);
      expect((await errorsOf(calculationId)).map((e) => [e.attempt, e.code])).toEqual([[1, 'WORKER_LOST']]);
      expect(await count(`select count(*) as n from public.event_logs where entity_id = $1 and event_type = 'calculation.completed'`, [calculationId])).toBe(1);
      expect((calc.frequencies as number[]).length).toBeGreaterThan(60);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 120_000);
});

describe('bad input is refused with a clear message and leaves no rows', () => {
  async function refused(user: SubmittingUser, input: Parameters<typeof submitCalculation>[1]): Promise<UserError> {
    const before = await count('select count(*) as n from public.molecules where owner_id = $1', [user.id]);
    const beforeCalcs = await count('select count(*) as n from public.calculations where owner_id = $1', [user.id]);
    const error = await submitCalculation(user, input).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect(await count('select count(*) as n from public.molecules where owner_id = $1', [user.id])).toBe(before);
    expect(await count('select count(*) as n from public.calculations where owner_id = $1', [user.id])).toBe(beforeCalcs);
    return error as UserError;
  }

  it('invalid SMILES', async () => {
    const e = await refused(researcher, { format: 'smiles', text: 'C1CC(', params: params() });
    expect(e.code).toBe('INVALID_INPUT');
    expect(Object.keys(e.fieldErrors).length).toBeGreaterThan(0);
  });

  it('unknown element', async () => {
    const e = await refused(researcher, { format: 'xyz', text: '1\n\nXx 0 0 0\n', params: params() });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/Xx/);
  });

  it('uranium (beyond what xTB parametrises)', async () => {
    const e = await refused(researcher, { format: 'xyz', text: '1\n\nU 0 0 0\n', params: params() });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/U|uranium/i);
  });

  it('charge and unpaired electrons contradicting the electron count', async () => {
    const e = await refused(researcher, { format: 'xyz', text: WATER, params: params({ uhf: 1 }) });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.fieldErrors.uhf ?? e.fieldErrors.charge).toBeDefined();
  });

  it('a malformed XYZ line, named by its line number', async () => {
    const e = await refused(researcher, { format: 'xyz', text: '3\nwater\nO 0 0 0.1173\nH 0 0.7572\nH 0 -0.7572 -0.4692\n', params: params() });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/line 4/);
  });

  it('more atoms than an interactive calculation allows', async () => {
    const atoms = Array.from({ length: 501 }, (_, i) => `He ${(i % 10) * 3} ${(Math.floor(i / 10) % 10) * 3} ${Math.floor(i / 100) * 3}`);
    const e = await refused(researcher, { format: 'xyz', text: `${atoms.length}\nhelium grid\n${atoms.join('\n')}\n`, params: params() });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/500/);
  });

  it('empty input and oversized input', async () => {
    expect((await refused(researcher, { format: 'xyz', text: '   \n', params: params() })).message).toMatch(/empty/i);
    expect((await refused(researcher, { format: 'smiles', text: '', params: params() })).message).toMatch(/empty/i);
    const huge = `1\n${'x'.repeat(1_100_000)}\nH 0 0 0\n`;
    expect((await refused(researcher, { format: 'xyz', text: huge, params: params() })).message).toMatch(/MB/);
  });

  it('atoms too close together, before xtb ever sees them', async () => {
    const e = await refused(researcher, { format: 'xyz', text: '3\nclash\nO 0 0 0.1173\nH 0 0.1 0.1173\nH 0 -0.7572 -0.4692\n', params: params() });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/atoms 1 \(O\) and 2 \(H\) are 0\.100 Å apart/);
  });

  it('a MOL file without its end line', async () => {
    const mol = 'water\n  test\n\n  1  0  0  0  0  0  0  0  0  0999 V2000\n    0.0000    0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0\n';
    const e = await refused(researcher, { format: 'mol', text: mol, params: params() });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/M {2}END/);
  });

  it('GFN0, which fails the self-check of this xtb', async () => {
    const e = await refused(researcher, { format: 'xyz', text: WATER, params: params({ method: 'gfn0' }) });
    expect(e.code).toBe('METHOD_UNAVAILABLE');
    // In words: no failure code, no xtb routine names (the API answered them as they came, before).
    expect(e.message).toBe('GFN0-xTB is not available on this server: the installed xtb has no parameter file for it (param_gfn0-xtb.txt).');
    expect(e.fieldErrors.method).toEqual([e.message]);
  });

  it('a viewer, and a viewer forging a researcher role (RLS refuses the insert)', async () => {
    expect((await refused(viewer, { format: 'xyz', text: WATER, params: params() })).code).toBe('FORBIDDEN');
    expect((await refused({ ...viewer, role: 'researcher' }, { format: 'xyz', text: WATER, params: params() })).code).toBe('FORBIDDEN');
    const direct = await asUser(viewer.claims, (db) =>
      db.query(`insert into public.molecules (owner_id, name, inchikey) values ((select auth.uid()), 'x', 'XLYOFNOQVPJJNP-UHFFFAOYSA-N')`),
    ).then(
      () => null,
      (e: { code?: string }) => e.code,
    );
    expect(direct).toBe('42501');
  });
});

describe('health', () => {
  it('reports xtb version, methods, the queue and the fresh worker', async () => {
    await ensureWorker();
    const health = await getPipelineHealth();
    expect(health.xtb.version).toBe('6.5.1');
    expect(health.xtb.methods).toEqual(expect.arrayContaining(['gfn2', 'gfn1', 'gfnff']));
    expect(health.xtb.methods).not.toContain('gfn0');
    expect(health.xtb.unavailable.gfn0).toBeTruthy();
    expect(health.workers.fresh).toBeGreaterThanOrEqual(1);
    expect(health.workers.list[0]!.methods).toContain('gfn2');
    expect(health.queue.queued).toBeGreaterThanOrEqual(0);

    const { GET } = await import('../../app/api/health/route.ts');
    const anonymous = await (await GET(new Request('http://localhost/api/health'))).json();
    expect(anonymous).toEqual({ ok: true, status: 'up' });
    const body = await (await GET(new Request('http://localhost/api/health', { headers: { 'x-qf-worker-key': process.env.SUPABASE_SECRET_KEY! } }))).json();
    expect(body.ok).toBe(true);
    expect(body.xtb.version).toBe('6.5.1');
    expect(body.queue).toMatchObject({ queued: expect.any(Number), running: expect.any(Number) });
  });
});
