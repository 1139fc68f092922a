'use client';

// "Shared with": the owner picks one of their teams (or none) for a calculation, batch or molecule;
// anyone else sees who shared it. The action and row-level security check again.
import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import type { ActionResult } from '@/lib/actions/safe-action';
import { useHydrated } from './use-hydrated';

interface Team {
  id: string;
  name: string;
}

export function ShareControl({
  kind,
  id,
  ownedByMe,
  ownerName,
  sharedWithMe,
  team,
  targets,
  action,
}: {
  kind: 'molecule' | 'calculation' | 'batch';
  id: string;
  ownedByMe: boolean;
  ownerName: string | null;
  sharedWithMe: boolean;
  team: Team | null;
  targets: Team[];
  action: (input: unknown) => Promise<ActionResult<{ teamId: string | null }>>;
}) {
  const router = useRouter();
  const selectId = useId();
  const [value, setValue] = useState(team?.id ?? '');
  const [message, setMessage] = useState<{ tone: 'error' | 'info'; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();

  if (!ownedByMe && !sharedWithMe) {
    // A global admin looking at someone's item.
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="owned-by">
        Owned by <bdi>{ownerName ?? 'another user'}</bdi>
        {team ? (
          <>
            , shared with <bdi>{team.name}</bdi>
          </>
        ) : null}
        .
      </p>
    );
  }
  if (!ownedByMe) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="shared-by">
        Shared by <bdi>{ownerName ?? 'a teammate'}</bdi>
        {team ? (
          <>
            {' '}
            with <bdi>{team.name}</bdi>
          </>
        ) : null}{' '}
        — read only.
      </p>
    );
  }

  // The current team stays selectable even if the owner can no longer share into it (e.g. now a team viewer).
  const options = team && !targets.some((t) => t.id === team.id) ? [team, ...targets] : targets;
  const save = () =>
    startTransition(async () => {
      const result = await action({ kind, id, teamId: value });
      if (!result.ok) return setMessage({ tone: 'error', text: result.message });
      const name = options.find((t) => t.id === result.data.teamId)?.name;
      setMessage({ tone: 'info', text: name ? `Shared with ${name}.` : 'Not shared: only you can see it.' });
      router.refresh();
    });

  if (options.length === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="share-none">
        Not shared. Join or create a team on the Teams page to share it.
      </p>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="share-control" data-hydrated={hydrated || undefined}>
      <label htmlFor={selectId} className="text-sm text-slate-600 dark:text-slate-400">
        Shared with
      </label>
      <Select compact id={selectId} value={value} onChange={(e) => setValue(e.target.value)} disabled={pending}>
        <option value="">Nobody (private)</option>
        {options.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </Select>
      <Button size="sm" onClick={save} disabled={pending || value === (team?.id ?? '')} aria-busy={pending}>
        Save sharing
      </Button>
      {message && (
        <span role={message.tone === 'error' ? 'alert' : 'status'} className={`text-sm ${message.tone === 'error' ? 'text-red-700 dark:text-red-300' : ''}`}>
          {message.text}
        </span>
      )}
    </div>
  );
}
