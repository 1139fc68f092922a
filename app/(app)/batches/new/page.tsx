import type { Metadata } from 'next';
import { can } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/require-user';
import { BackLink } from '@/components/ui/back-link';
import { getMethodAvailability } from '@/lib/jobs/method-availability';
import { getPreferences } from '@/lib/preferences/get-preferences';
import { METHODS, type Method } from '@/lib/calculations/parameters';
import type { MethodAvailability } from '../../editor/_components/parameter-form';
import { BatchUpload } from './_components/batch-upload';

export const metadata: Metadata = { title: 'New batch' };

export default async function NewBatchPage() {
  const user = await requireUser();
  const canSubmit = can(user, 'calculation.submit');
  const [preferences, availability] = await Promise.all([getPreferences(), loadAvailability()]);
  return (
    <div className="space-y-4">
      <div>
        <BackLink href="/batches">Batches</BackLink>
        <h1 className="text-2xl font-semibold tracking-tight">New batch</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Upload a file of molecules, check the preview, choose the parameters for all of them and create the batch.
        </p>
      </div>
      {canSubmit ? (
        <BatchUpload defaults={preferences.calculationDefaults} availability={availability} />
      ) : (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          Viewers can look at batches shared with them but cannot create batches.
        </p>
      )}
    </div>
  );
}

/** Which methods the installed xtb runs; a slow first self-check does not hold the page. */
async function loadAvailability(): Promise<MethodAvailability> {
  const known = await Promise.race([getMethodAvailability().catch(() => null), new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000))]);
  const out = {} as MethodAvailability;
  for (const method of METHODS as readonly Method[]) {
    if (!known || known.available === null) {
      out[method] = method === 'gfn0' ? { available: false, reason: 'not verified by the xtb self-check yet' } : { available: true, reason: null };
    } else {
      const ok = known.available.has(method);
      out[method] = { available: ok, reason: ok ? null : (known.reasons[method] ?? 'the installed xtb failed its self-check for this method') };
    }
  }
  return out;
}
