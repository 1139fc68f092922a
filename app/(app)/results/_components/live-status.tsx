'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { CalculationStatusBadge } from '@/components/calculation-status-badge';
import { useCalculationStatuses } from '@/components/use-calculation-statuses';
import type { CalculationStatus } from '@/lib/results/results-query';

type Statuses = ReturnType<typeof useCalculationStatuses>['statuses'];
const LiveStatusContext = createContext<Statuses | null>(null);

/** Polls the listed calculations while any runs; cells below read the live status. */
export function LiveStatusProvider({ initial, children }: { initial: { id: string; status: CalculationStatus }[]; children: ReactNode }) {
  const { statuses, error } = useCalculationStatuses(initial);
  return (
    <LiveStatusContext.Provider value={statuses}>
      {error && (
        <p role="status" className="mb-2 text-xs text-amber-700 dark:text-amber-300">
          Live status updates are interrupted ({error.message}); retrying.
        </p>
      )}
      {children}
    </LiveStatusContext.Provider>
  );
}

export function LiveStatusCell({ id, status }: { id: string; status: CalculationStatus }) {
  const live = useContext(LiveStatusContext)?.get(id);
  return (
    <span aria-live="polite">
      <CalculationStatusBadge status={live?.status ?? status} cancelling={live?.cancelRequested} />
    </span>
  );
}
