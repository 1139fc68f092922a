// The import of earlier xtb runs, on folders this file makes with the real xtb (water and H2+,
// a few hundredths of a second each): what a dry run reports and that it writes nothing, the
// energies stored against the ones xtb printed, failed runs stored as failed, bad and foreign
// folders reported while the rest is imported, a second run importing nothing, --limit, the
// command's exit codes, and who may read the provenance.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCalculationFile } from '../calculations/calculation-files.ts';
import { getCalculation } from '../calculations/get-calculation.ts';
import { asUser } from '../db/as-user.ts';
import { closePool, getPool } from '../db/pool.ts';
import { createTestUser, type TestUser } from '../../supabase/tests/create-test-user.ts';
import { importXtbRuns, ImportUsageError, type FolderReport, type ImportSummary } from './import-xtb-runs.ts';
import { MAX_FILE_BYTES } from './read-xtb-folder.ts';

const WATER = `3
water
O 0.000 0.000 0.119
H 0.000 0.757 -0.477
H 0.000 -0.757 -0.477
`;
// A slightly bent water as a Turbomole coord file (bohr), the format xtb writes back (xtbopt.coord).
const COORD = `$coord
    0.00000000000000      0.00000000000000      0.22487828898878      o
    0.00000000000000      1.50000000000000     -0.90140487048808      h
    0.00000000000000     -1.50000000000000     -0.90140487048808      h
$end
`;
const H2 = `2
dihydrogen
H 0.000 0.000 0.000
H 0.000 0.000 0.740
`;

let work: string;
let tree: string;
let researcher: TestUser;
let other: TestUser;
let extraAdmin: TestUser;

/** Runs xtb in `tree/relative` as a lab would have: its output captured to files. */
async function runXtbInto(relative: string, files: Record<string, string>, args: string[], capture: { stdout: string; stderr?: string; merged?: boolean }) {
  const dir = path.join(tree, relative);
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  const result = await new Promise<{ stdout: string; stderr: string }>((resolve) =>
    execFile('xtb', args, { cwd: dir, env: { ...process.env, OMP_NUM_THREADS: '1' }, maxBuffer: 16 << 20 }, (_e, stdout, stderr) =>
      resolve({ stdout, stderr }),
    ),
  );
  if (capture.merged) await writeFile(path.join(dir, capture.stdout), result.stdout + result.stderr);
  else {
    await writeFile(path.join(dir, capture.stdout), result.stdout);
    if (capture.stderr) await writeFile(path.join(dir, capture.stderr), result.stderr);
  }
}

/** The total energy xtb printed last in a log. */
async function printedEnergy(relative: string, log: string): Promise<number> {
  const text = await readFile(path.join(tree, relative, log), 'utf8');
  const all = [...text.matchAll(/\|\s*TOTAL ENERGY\s+(-?\d+\.\d+)\s+Eh/g)];
  return Number(all.at(-1)![1]);
}

function byFolder(summary: ImportSummary): Record<string, FolderReport> {
  return Object.fromEntries(summary.reports.map((r) => [r.folder, r]));
}

async function ownCalculations(owner: TestUser) {
  const { rows } = await getPool().query(
    `select c.*, i.source_path, i.xtb_version as import_xtb_version, i.command_line, i.content_hash, i.source_files
       from public.calculations c join public.calculation_imports i on i.calculation_id = c.id
      where c.owner_id = $1`,
    [owner.id],
  );
  return new Map(rows.map((r) => [path.relative(tree, r.source_path as string), r]));
}

async function countRows(owner: TestUser): Promise<{ calculations: number; imports: number; molecules: number }> {
  const { rows } = await getPool().query(
    `select (select count(*) from public.calculations where owner_id = $1)::int as calculations,
            (select count(*) from public.calculation_imports where owner_id = $1)::int as imports,
            (select count(*) from public.molecules where owner_id = $1)::int as molecules`,
    [owner.id],
  );
  return rows[0];
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'qf-import-'));
  tree = path.join(work, 'runs');
  await Promise.all([
    // GFN2 single point, stdout and stderr captured apart ("normal termination" goes to stderr).
    runXtbInto('water-sp', { 'water.xyz': WATER }, ['water.xyz', '--gfn', '2', '--json'], { stdout: 'xtb.out', stderr: 'xtb.err' }),
    // GFN2 optimisation in implicit water, one log for both streams, nested two levels down.
    runXtbInto('project/opt/water-opt', { 'water.xyz': WATER }, ['water.xyz', '--opt', '--alpb', 'water'], { stdout: 'water.log', merged: true }),
    // GFN-FF single point, stdout only.
    runXtbInto('project/ff', { 'water.xyz': WATER }, ['water.xyz', '--gfnff'], { stdout: 'xtb.out' }),
    // A cation radical whose charge and spin come from xtb's .CHRG and .UHF files.
    runXtbInto('h2-cation', { 'h2.xyz': H2, '.CHRG': '1\n', '.UHF': '1\n' }, ['h2.xyz'], { stdout: 'h2.out', merged: true }),
    // An optimisation stopped by its cycle limit: xtb "terminates normally" but did not converge.
    runXtbInto('failed-opt', { 'water.xyz': WATER }, ['water.xyz', '--opt', '--cycles', '1'], { stdout: 'run.out', merged: true }),
    // Optimisation + frequencies (g98.out, vibspectrum, hessian).
    runXtbInto('frequencies/water-ohess', { 'water.xyz': WATER }, ['water.xyz', '--ohess'], { stdout: 'xtb.out', merged: true }),
    // GFN1 optimisation of a Turbomole coord file.
    runXtbInto('turbomole/gfn1', { coord: COORD }, ['coord', '--gfn', '1', '--opt'], { stdout: 'gfn1.out', merged: true }),
  ]);
  // Only xtbout.json kept beside the input (no log).
  await mkdir(path.join(tree, 'json-only'));
  for (const name of ['water.xyz', 'xtbout.json']) await writeFile(path.join(tree, 'json-only', name), await readFile(path.join(tree, 'water-sp', name)));
  // Not xtb: notes and a geometry nobody computed.
  await mkdir(path.join(tree, 'junk'));
  await writeFile(path.join(tree, 'junk', 'notes.txt'), 'buy more coffee\n');
  await writeFile(path.join(tree, 'junk', 'benzene.xyz'), WATER);
  // xtb's output next to a geometry that cannot be read.
  await mkdir(path.join(tree, 'broken-input'));
  await writeFile(path.join(tree, 'broken-input', 'xtb.out'), await readFile(path.join(tree, 'water-sp', 'xtb.out'), 'utf8'));
  await writeFile(path.join(tree, 'broken-input', 'water.xyz'), '3\nwater\nO 0 0 0\nH zero 0 0\n');
  // A log cut off mid-run (xtb killed): a failed run.
  const spLog = await readFile(path.join(tree, 'water-sp', 'xtb.out'), 'utf8');
  await mkdir(path.join(tree, 'crashed'));
  await writeFile(path.join(tree, 'crashed', 'water.xyz'), WATER);
  await writeFile(path.join(tree, 'crashed', 'xtb.out'), spLog.slice(0, spLog.indexOf('iter      E')));
  // A trajectory too large to read (sparse: no disk is spent on it).
  await mkdir(path.join(tree, 'huge'));
  await writeFile(path.join(tree, 'huge', 'water.xyz'), WATER);
  await writeFile(path.join(tree, 'huge', 'xtb.out'), spLog);
  await writeFile(path.join(tree, 'huge', 'xtbopt.log'), '');
  await truncate(path.join(tree, 'huge', 'xtbopt.log'), MAX_FILE_BYTES + 1024 * 1024);
  // A geometry linked from outside the imported tree is not read.
  await mkdir(path.join(work, 'elsewhere'));
  await writeFile(path.join(work, 'elsewhere', 'water.xyz'), WATER);
  await mkdir(path.join(tree, 'linked'));
  await symlink(path.join(work, 'elsewhere', 'water.xyz'), path.join(tree, 'linked', 'water.xyz'));
  await writeFile(path.join(tree, 'linked', 'xtb.out'), await readFile(path.join(tree, 'water-sp', 'xtb.out'), 'utf8'));

  researcher = await createTestUser({ role: 'researcher', label: 'import-owner' });
  other = await createTestUser({ role: 'researcher', label: 'import-other' });
  // Two admins at least (the demo admin and this one): the default owner is ambiguous.
  extraAdmin = await createTestUser({ role: 'admin', label: 'import-admin' });
});

afterAll(async () => {
  await getPool().query(`delete from auth.users where id = any ($1::uuid[])`, [[researcher?.id, other?.id, extraAdmin?.id].filter(Boolean)]);
  await closePool();
  await rm(work, { recursive: true, force: true });
});

const RUN_FOLDERS = [
  'water-sp',
  'project/opt/water-opt',
  'project/ff',
  'h2-cation',
  'failed-opt',
  'frequencies/water-ohess',
  'turbomole/gfn1',
  'json-only',
  'crashed',
];

describe('importing a tree of earlier xtb runs', () => {
  it('a dry run reports what it would do per folder and writes nothing', async () => {
    const summary = await importXtbRuns({ root: tree, ownerEmail: researcher.email, dryRun: true });
    const reports = byFolder(summary);
    expect(reports['water-sp']).toMatchObject({ outcome: 'imported' });
    expect(reports['water-sp']!.reason).toMatch(/GFN2-xTB single point, E = -5\.07/);
    expect(reports['project/opt/water-opt']!.reason).toMatch(/GFN2-xTB geometry optimisation in water \(ALPB\)/);
    expect(reports['project/ff']!.reason).toMatch(/GFN-FF single point/);
    expect(reports['failed-opt']).toMatchObject({ outcome: 'imported-failed' });
    expect(reports['failed-opt']!.reason).toMatch(/failed run: the geometry optimisation did not converge in 1 cycle/);
    expect(reports['junk']).toMatchObject({ outcome: 'not-xtb' });
    expect(reports['crashed']).toMatchObject({ outcome: 'imported-failed' });
    expect(reports['crashed']!.reason).toMatch(/xtb did not finish normally/);
    expect(reports['huge']).toMatchObject({ outcome: 'skipped', reason: 'unreadable: xtbopt.log is 65.0 MB, more than the 64 MB the importer reads' });
    expect(reports['broken-input']).toMatchObject({ outcome: 'skipped' });
    expect(reports['linked']).toMatchObject({ outcome: 'skipped' });
    expect(reports['linked']!.reason).toMatch(/water\.xyz links outside the imported folder/);
    // Folders that only hold other folders are not reported.
    expect(reports['project/opt']).toBeUndefined();
    expect(summary.counts).toMatchObject({ imported: 7, 'imported-failed': 2, 'not-xtb': 1, skipped: 3, error: 0 });
    expect(await countRows(researcher)).toEqual({ calculations: 0, imports: 0, molecules: 0 });
  });

  it('stores every run with the energy xtb printed, its parameters, molecule, log and provenance', async () => {
    const summary = await importXtbRuns({ root: tree, ownerEmail: researcher.email });
    const reports = byFolder(summary);
    expect(summary.counts).toMatchObject({ imported: 7, 'imported-failed': 2, 'already-imported': 0, error: 0 });
    // The bad folders are reported with their reasons, and the others were imported all the same.
    expect(reports['broken-input']!.reason).toMatch(/the input water\.xyz cannot be stored: line 1: the atom count line says 3 atoms but 2 atom lines follow/);
    expect(reports['junk']!.reason).toMatch(/not an xtb folder/);

    const stored = await ownCalculations(researcher);
    expect([...stored.keys()].sort()).toEqual([...RUN_FOLDERS].sort());

    const sp = stored.get('water-sp')!;
    expect(sp).toMatchObject({ status: 'succeeded', method: 'gfn2', task: 'sp', charge: 0, uhf: 0, solvent: null, attempts: 1, input_format: 'xyz' });
    expect(sp.total_energy).toBeCloseTo(await printedEnergy('water-sp', 'xtb.out'), 10);
    expect(sp.homo).toBeLessThan(sp.lumo);
    expect(sp.import_xtb_version).toMatch(/^6\.5\.1/);
    expect(sp.command_line).toBe('xtb water.xyz --gfn 2 --json');
    expect(sp.source_files).toEqual(['charges', 'water.xyz', 'wbo', 'xtb.err', 'xtb.out', 'xtbout.json']);
    expect(sp.content_hash).toMatch(/^[0-9a-f]{64}$/);

    const opt = stored.get('project/opt/water-opt')!;
    expect(opt).toMatchObject({ status: 'succeeded', method: 'gfn2', task: 'opt', opt_level: 'normal', solvation_model: 'alpb', solvent: 'water' });
    expect(opt.convergence_status).toBe('converged');
    expect(opt.total_energy).toBeCloseTo(await printedEnergy('project/opt/water-opt', 'water.log'), 10);
    expect(opt.optimized_xyz).toMatch(/^3\n/);
    expect(opt.optimization_trajectory.length).toBeGreaterThan(1); // from xtbopt.log

    const ff = stored.get('project/ff')!;
    expect(ff).toMatchObject({ status: 'succeeded', method: 'gfnff', task: 'sp' });
    expect(ff.total_energy).toBeCloseTo(await printedEnergy('project/ff', 'xtb.out'), 10);

    const cation = stored.get('h2-cation')!;
    expect(cation).toMatchObject({ status: 'succeeded', method: 'gfn2', charge: 1, uhf: 1 });
    expect(cation.total_energy).toBeCloseTo(await printedEnergy('h2-cation', 'h2.out'), 10);

    const failed = stored.get('failed-opt')!;
    expect(failed).toMatchObject({
      status: 'failed',
      task: 'opt',
      max_opt_cycles: 1,
      error_type: 'convergence',
      convergence_status: 'not_converged',
      total_energy: null,
    });
    expect(failed.error_message).toMatch(/did not converge/);
    const { rows: errors } = await getPool().query(`select code, will_retry from public.calculation_errors where calculation_id = $1`, [failed.id]);
    expect(errors).toEqual([{ code: 'OPT_NOT_CONVERGED', will_retry: false }]);

    const ohess = stored.get('frequencies/water-ohess')!;
    expect(ohess).toMatchObject({ status: 'succeeded', method: 'gfn2', task: 'ohess', imaginary_mode_count: 0, stationary_point: 'minimum' });
    expect(ohess.frequencies).toHaveLength(3);
    expect(ohess.thermochemistry.totalFreeEnergyEh).toBeLessThan(0);
    expect(ohess.source_files).toEqual(expect.arrayContaining(['g98.out', 'hessian', 'vibspectrum']));

    const gfn1 = stored.get('turbomole/gfn1')!;
    expect(gfn1).toMatchObject({ status: 'succeeded', method: 'gfn1', task: 'opt', convergence_status: 'converged', input_format: 'xyz' });
    expect(gfn1.total_energy).toBeCloseTo(await printedEnergy('turbomole/gfn1', 'gfn1.out'), 10);
    expect(gfn1.optimized_xyz).toMatch(/^3\n/); // from xtbopt.coord

    const jsonOnly = stored.get('json-only')!;
    expect(jsonOnly).toMatchObject({ status: 'succeeded', method: 'gfn2', task: 'sp', command_line: null });
    expect(jsonOnly.total_energy).toBeCloseTo(sp.total_energy, 8);

    // One water molecule for the six runs of the same geometry (as submissions de-duplicate), H2+, bent water.
    expect(new Set([sp, opt, ff, failed, ohess, jsonOnly].map((c) => c.molecule_id)).size).toBe(1);
    expect(new Set([sp, cation, gfn1].map((c) => c.molecule_id)).size).toBe(3);
    expect((await countRows(researcher)).molecules).toBe(3);

    // The owner sees them like their own calculations, xtb's log and per-atom charges included.
    const detail = (await getCalculation(researcher.claims, sp.id))!;
    expect(detail.atoms).toHaveLength(3);
    expect(detail.atoms.every((a) => a.charge !== null)).toBe(true);
    expect(buildCalculationFile(detail, 'xtb.log')!.body).toBe(await readFile(path.join(tree, 'water-sp', 'xtb.out'), 'utf8'));
  });

  it('a second run imports nothing twice', async () => {
    const before = await countRows(researcher);
    const summary = await importXtbRuns({ root: tree, ownerEmail: researcher.email });
    expect(summary.counts).toMatchObject({ imported: 0, 'imported-failed': 0, 'already-imported': RUN_FOLDERS.length });
    expect(byFolder(summary)['water-sp']!.reason).toBe('already imported');
    expect(await countRows(researcher)).toEqual(before);
  });

  it('a copy of an imported folder elsewhere is recognised as the same run', async () => {
    const copy = path.join(work, 'copy-of-sp');
    await mkdir(copy);
    for (const name of ['water.xyz', 'xtb.out', 'xtb.err', 'xtbout.json', 'charges', 'wbo']) {
      await writeFile(path.join(copy, name), await readFile(path.join(tree, 'water-sp', name)));
    }
    const summary = await importXtbRuns({ root: copy, ownerEmail: researcher.email });
    expect(summary.reports).toEqual([expect.objectContaining({ outcome: 'already-imported', reason: expect.stringContaining(path.join('runs', 'water-sp')) })]);
  });

  it('--limit stops after that many imports, and the next run goes on from there', async () => {
    const first = await importXtbRuns({ root: tree, ownerEmail: other.email, limit: 2 });
    expect(first.counts.imported + first.counts['imported-failed']).toBe(2);
    expect(first.stoppedAtLimit).toBe(true);
    expect((await countRows(other)).calculations).toBe(2);
    const rest = await importXtbRuns({ root: tree, ownerEmail: other.email });
    expect(rest.counts['already-imported']).toBe(2);
    expect(rest.counts.imported + rest.counts['imported-failed']).toBe(RUN_FOLDERS.length - 2);
    expect((await countRows(other)).calculations).toBe(RUN_FOLDERS.length);
  });

  it('names the owner or says why it cannot', async () => {
    await expect(importXtbRuns({ root: tree, ownerEmail: 'nobody-here@example.test', dryRun: true })).rejects.toThrow(
      new ImportUsageError('There is no account with the e-mail nobody-here@example.test. Create it first (or check the spelling).'),
    );
    await expect(importXtbRuns({ root: tree, dryRun: true })).rejects.toThrow(/admin accounts .*--owner EMAIL/);
  });

  it('lets the owner read where a calculation came from, and nobody else; users cannot write it', async () => {
    const mine = await asUser(researcher.claims, (db) => db.query(`select source_path from public.calculation_imports`));
    expect(mine.rows).toHaveLength(RUN_FOLDERS.length);
    const theirs = await asUser(other.claims, (db) => db.query(`select 1 from public.calculation_imports where owner_id = $1`, [researcher.id]));
    expect(theirs.rows).toEqual([]);
    const code = (work: () => Promise<unknown>) =>
      work().then(
        () => 'accepted',
        (e: { code?: string }) => e.code,
      );
    expect(await code(() => asUser(researcher.claims, (db) => db.query(`update public.calculation_imports set source_path = '/forged'`)))).toBe('42501');
    const calc = [...(await ownCalculations(researcher)).values()][0]!;
    expect(
      await code(() =>
        asUser(researcher.claims, (db) =>
          db.query(`insert into public.calculation_imports (calculation_id, owner_id, content_hash, source_path) values ($1, $2, $3, '/x')`, [
            calc.id,
            researcher.id,
            'a'.repeat(64),
          ]),
        ),
      ),
    ).toBe('42501');
  });
});

describe('npm run import', () => {
  const script = path.resolve(import.meta.dirname, '..', '..', 'scripts', 'import-xtb-runs.ts');
  const run = (args: string[], env: Record<string, string | undefined> = {}) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--conditions=react-server', script, ...args],
        { env: { ...process.env, QF_IGNORE_ENV_LOCAL: '1', DATABASE_URL: process.env.QF_APP_DATABASE_URL, ...env } },
        (_e, stdout, stderr) => resolve({ code: child.exitCode ?? -1, stdout, stderr }),
      );
    });

  it('prints each folder and a summary with the app login, and exits 0 with skips', async () => {
    const result = await run([tree, '--owner', researcher.email, '--dry-run']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^skipped\s+water-sp: already imported$/m);
    expect(result.stdout).toMatch(/^skipped\s+junk: not an xtb folder/m);
    expect(result.stdout).toMatch(
      new RegExp(`Owner: ${researcher.email}\\. Dry run, nothing written: 0 would be imported, 9 already imported, 1 not an xtb folder, 3 skipped`),
    );
  });

  it('exits 2 on usage errors and 3 without a database', async () => {
    const [noFolder, badLimit, unknownOwner, noOwner, noDatabase] = await Promise.all([
      run([]),
      run([tree, '--limit', 'many']),
      run([tree, '--owner', 'nobody-here@example.test']),
      run([tree]),
      run([tree, '--owner', researcher.email], { DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/postgres' }),
    ]);
    expect(noFolder).toMatchObject({ code: 2, stderr: expect.stringContaining('Say which folder to import from.') });
    expect(badLimit).toMatchObject({ code: 2, stderr: expect.stringContaining('--limit takes a whole number') });
    expect(unknownOwner).toMatchObject({ code: 2, stderr: expect.stringContaining('There is no account with the e-mail nobody-here@example.test') });
    expect(noOwner).toMatchObject({ code: 2, stderr: expect.stringContaining('say whose calculations these are with --owner EMAIL') });
    expect(noDatabase).toMatchObject({ code: 3, stderr: expect.stringContaining('No database: cannot reach 127.0.0.1:1') });
  });
});
