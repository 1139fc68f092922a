// Shared by the pipeline tests and the benchmark: users, waiting for calculations, and a direct xtb
// run of exactly what the worker ran (same XYZ text, same argument array).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { getPool } from '../db/pool.ts';
import { parseXyz } from '../chem/parse-xyz.ts';
import { buildXtbArgs, type XtbParameters } from '../xtb/build-xtb-args.ts';
import { formatXyz } from '../xtb/xyz-format.ts';
import type { CalculationRow } from '../calculations/calculation-row.ts';
import type { SubmittingUser } from './submitting-user.ts';
import type { CalculationParams } from '../calculations/parameters.ts';
import { analyseUpload } from '../batches/analyse-upload.ts';
import { createBatchFromUpload, type CreatedBatch } from '../batches/create-batch.ts';
import { stageUpload } from '../batches/stage-upload.ts';
import { createTestUser } from '../../supabase/tests/create-test-user.ts';

export async function createUser(role: 'admin' | 'researcher' | 'viewer', label: string = role): Promise<SubmittingUser> {
  const user = await createTestUser({ role, label: `jobs-${label}` });
  return { id: user.id, role, claims: user.claims };
}

export type { CalculationRow };

export async function getCalculation(id: string): Promise<CalculationRow> {
  const { rows } = await getPool().query<CalculationRow>('select * from public.calculations where id = $1', [id]);
  return rows[0]!;
}

/** Polls until the calculation reaches one of `statuses`. */
export async function waitForStatus(id: string, statuses: string[], timeoutMs = 60_000, everyMs = 50): Promise<CalculationRow> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await getCalculation(id);
    if (row && statuses.includes(row.status)) return row;
    if (Date.now() > until) throw new Error(`calculation ${id} still ${row?.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Runs xtb directly (one thread, own temp dir) on the given XYZ with the same arguments the worker builds. */
export async function runXtbDirect(xyz: string, params: XtbParameters): Promise<{ totalEnergy: number | null; stdout: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'qf-direct-'));
  try {
    const atoms = parseXyz(xyz).atoms;
    await writeFile(path.join(dir, 'input.xyz'), formatXyz(atoms, 'direct'));
    const stdout = await new Promise<string>((resolve) => {
      execFile('xtb', buildXtbArgs(params), { cwd: dir, env: { ...process.env, OMP_NUM_THREADS: '1' }, maxBuffer: 64 << 20 }, (_e, out) => resolve(out));
    });
    const all = [...stdout.matchAll(/TOTAL ENERGY\s+(-?\d+\.\d+)\s+Eh/g)];
    const last = all.at(-1);
    return { totalEnergy: last ? Number(last[1]) : null, stdout };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Polls `probe` until it returns something truthy. */
export async function waitUntil<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs: number, what: string, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const SUFFIXES = ['', 'O', 'N', 'F', 'Cl', 'C=O', 'C#N', 'OC'];
/**
 * A batch CSV of n distinct small molecules (a batch merges duplicates): chains of 1, 2, … carbons
 * with a functional group, named `<tag>-<i>`.
 */
export function smallMoleculesCsv(n: number, tag: string): string {
  const rows = Array.from({ length: n }, (_, i) => `${'C'.repeat(1 + Math.floor(i / SUFFIXES.length))}${SUFFIXES[i % SUFFIXES.length]},${tag}-${i}\n`);
  return 'smiles,name\n' + rows.join('');
}

/** A batch made the way the app makes one: the CSV analysed, staged and created (neutral closed-shell defaults). */
export async function createCsvBatch(user: SubmittingUser, name: string, csv: string, params: CalculationParams): Promise<CreatedBatch> {
  const defaults = { charge: 0, uhf: 0 };
  const analysis = await analyseUpload({ name: `${name}.csv`, bytes: new TextEncoder().encode(csv) }, defaults);
  const uploadId = await stageUpload(user.claims, analysis, defaults);
  return createBatchFromUpload(user, { uploadId, name, params });
}
