import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/require-user';
import { can } from '@/lib/auth/permissions';
import { readCalculationSource } from '@/lib/calculations/calculation-source';
import type { JwtClaims } from '@/lib/db/as-user';
import { computeCapacityWarning } from '@/lib/jobs/health';
import { getMethodAvailability } from '@/lib/jobs/method-availability';
import { getPreferences } from '@/lib/preferences/get-preferences';
import { METHODS, type Method } from '@/lib/calculations/parameters';
import { EditorWorkspace, type EditorSeed } from './_components/editor-workspace';
import type { MethodAvailability } from './_components/parameter-form';

export const metadata: Metadata = { title: 'Editor' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function EditorPage({ searchParams }: { searchParams: Promise<{ from?: string | string[] }> }) {
  const user = await requireUser();
  const { from } = await searchParams;
  const [preferences, availability, capacityWarning, seed] = await Promise.all([
    getPreferences(),
    loadAvailability(),
    withTimeout(computeCapacityWarning(), 5_000),
    typeof from === 'string' && UUID.test(from) ? loadSeed(user.claims, from) : Promise.resolve(null),
  ]);
  const canSubmit = can(user, 'calculation.submit');

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Molecule editor</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Draw a structure, type a SMILES, paste XYZ coordinates or upload a MOL/SDF file, choose the xTB method and submit.
        </p>
      </div>
      {capacityWarning && (
        <p
          role="alert"
          data-testid="capacity-warning"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          {capacityWarning}
        </p>
      )}
      {seed && (
        <p role="status" className="rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-800 dark:bg-sky-950 dark:text-sky-200">
          Loaded the geometry and parameters of an earlier calculation: change what you need and submit to run it again.
        </p>
      )}
      <EditorWorkspace defaults={preferences.calculationDefaults} availability={availability} canSubmit={canSubmit} seed={seed} />
    </div>
  );
}

/** The value, or null when it takes longer than `ms` (or fails): a slow check never holds the page. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  return Promise.race([promise.catch(() => null), new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))]);
}

/** Which methods the installed xtb runs (self-check, cached per process); a slow first check does not hold the page. */
async function loadAvailability(): Promise<MethodAvailability> {
  const known = await withTimeout(getMethodAvailability(), 5_000);
  const out = {} as MethodAvailability;
  for (const method of METHODS as readonly Method[]) {
    if (!known || known.available === null) {
      // Nothing known yet: GFN0 is the method known to fail with Debian's xtb 6.5.1; the others are offered.
      out[method] =
        method === 'gfn0'
          ? { available: false, reason: 'not verified by the xtb self-check yet (GFN0 fails with Debian xtb 6.5.1)' }
          : { available: true, reason: null };
    } else {
      const ok = known.available.has(method);
      out[method] = { available: ok, reason: ok ? null : (known.reasons[method] ?? 'the installed xtb failed its self-check for this method') };
    }
  }
  return out;
}

/** "Edit and rerun": the calculation's own input and parameters, if the user may see it. */
async function loadSeed(claims: JwtClaims, id: string): Promise<EditorSeed | null> {
  const source = await readCalculationSource(claims, id);
  if (!source) return null;
  // Time and cycle limits are not edited in the form: a rerun decides them again.
  const { timeoutSeconds: _timeLimit, maxOptCycles: _cycleLimit, ...params } = source.params;
  const smiles = source.inputSmiles ?? '';
  return {
    fromCalculationId: id,
    content: source.inputXyz
      ? { xyz: source.inputXyz, smiles, molfile: '', name: source.name, inputFormat: 'xyz' }
      : { smiles, xyz: '', molfile: '', name: source.name, inputFormat: 'smiles' },
    params: { ...params, solvent: params.solvent ?? '' },
  };
}
