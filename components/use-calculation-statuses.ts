'use client';

// Polls the statuses of the calculations on screen while any of them is queued or running, and
// refreshes the server-rendered page when one changes (so energies and results appear without a
// manual reload). Polling stops once every calculation has reached a final status.
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import type { CalculationStatusDto } from '@/lib/calculations/calculation-statuses';
import { TERMINAL_STATUSES, type CalculationStatus } from '@/lib/results/results-query';

export const STATUS_POLL_MS = 1_500;

/** What the page knows of a calculation between renders: its status and, while it waits or runs, where it is. */
export type LiveStatus = Pick<CalculationStatusDto, 'status' | 'cancelRequested' | 'queuedAhead' | 'progress' | 'startedAt'>;

export function calculationStatusesKey(ids: readonly string[]) {
  return ['calculation-statuses', [...ids].sort().join(',')] as const;
}

async function fetchStatuses(ids: readonly string[]): Promise<CalculationStatusDto[]> {
  const response = await fetch(`/api/calculations/status?ids=${encodeURIComponent(ids.join(','))}`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`status ${response.status}`);
  return ((await response.json()) as { statuses: CalculationStatusDto[] }).statuses;
}

export function useCalculationStatuses(initial: readonly { id: string; status: CalculationStatus; cancelRequested?: boolean }[]) {
  const router = useRouter();
  const ids = initial.map((c) => c.id);
  const active = initial.some((c) => !TERMINAL_STATUSES.includes(c.status));
  const query = useQuery({
    queryKey: calculationStatusesKey(ids),
    queryFn: () => fetchStatuses(ids),
    enabled: ids.length > 0 && active,
    refetchInterval: (q) => {
      const data = q.state.data;
      if (!data) return STATUS_POLL_MS;
      return data.every((s) => TERMINAL_STATUSES.includes(s.status)) ? false : STATUS_POLL_MS;
    },
    refetchIntervalInBackground: false,
  });

  const byId = new Map<string, LiveStatus>();
  for (const c of initial)
    byId.set(c.id, { status: c.status, cancelRequested: c.cancelRequested ?? false, queuedAhead: null, progress: null, startedAt: null });
  for (const s of query.data ?? []) byId.set(s.id, s);

  // A status that differs from what the server rendered means new results: re-render the page.
  const refreshedFor = useRef<string>('');
  const changed = (query.data ?? []).filter((s) => initial.find((c) => c.id === s.id)?.status !== s.status);
  const changeKey = changed.map((s) => `${s.id}:${s.status}`).join(',');
  useEffect(() => {
    if (!changeKey || refreshedFor.current === changeKey) return;
    refreshedFor.current = changeKey;
    router.refresh();
  }, [changeKey, router]);

  return { statuses: byId, error: query.error as Error | null, polling: query.isFetching || (active && query.fetchStatus !== 'idle') };
}
