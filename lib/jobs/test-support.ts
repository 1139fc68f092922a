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
