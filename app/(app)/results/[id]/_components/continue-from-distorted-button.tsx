'use client';

// A saddle point's way on: optimise (and check with frequencies) from xtb's distorted geometry.
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { continueFromDistortedAction } from '../../actions';

export function ContinueFromDistortedButton({ id }: { id: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const submit = () =>
    startTransition(async () => {
      const result = await continueFromDistortedAction({ id });
      if (!result.ok) return setError(result.message);
      router.push(`/results/${result.data.id}`);
    });
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button onClick={submit} disabled={pending}>
        {pending ? 'Submitting…' : 'Continue from the distorted geometry'}
      </Button>
      <span className="text-xs text-slate-500">A new optimisation + frequencies from xtb&apos;s geometry displaced along the imaginary modes.</span>
      {error && (
        <p role="alert" className="w-full text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}
