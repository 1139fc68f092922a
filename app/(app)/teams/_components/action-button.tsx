'use client';

// One button that runs one team action (accept, decline, withdraw, remove, leave), optionally after
// a confirm step, then re-renders the page or goes elsewhere; the action's refusal is shown in words.
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { useHydrated } from '@/components/use-hydrated';
import type { ActionResult } from '@/lib/actions/safe-action';

export function ActionButton({
  action,
  input,
  label,
  confirm,
  variant = 'secondary',
  then,
}: {
  action: (input: unknown) => Promise<ActionResult<unknown>>;
  input: Record<string, string>;
  label: string;
  /** Asked in place before acting (e.g. "Remove Ada from the team?"). */
  confirm?: string;
  variant?: 'primary' | 'secondary' | 'danger';
  /** Where to go afterwards; the page re-renders in place when left out. */
  then?: string;
}) {
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();

  const run = () =>
    startTransition(async () => {
      const result = await action(input);
      setAsking(false);
      if (!result.ok) return setError(result.message);
      setError(null);
      if (then) router.push(then);
      else router.refresh();
    });

  return (
    <span className="inline-flex flex-wrap items-center gap-2" data-hydrated={hydrated || undefined}>
      {asking ? (
        <>
          <span className="text-sm">{confirm}</span>
          <Button size="sm" variant={variant} onClick={run} disabled={pending} aria-busy={pending}>
            Yes, {label.toLowerCase()}
          </Button>
          <Button size="sm" onClick={() => setAsking(false)} disabled={pending}>
            Keep
          </Button>
        </>
      ) : (
        <Button size="sm" variant={variant} onClick={confirm ? () => setAsking(true) : run} disabled={pending} aria-busy={pending}>
          {label}
        </Button>
      )}
      {error && (
        <span role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </span>
      )}
    </span>
  );
}
