import type { CalculationStatus } from '@/lib/results/results-query';

const STYLES: Record<CalculationStatus, string> = {
  queued: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200',
  running: 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-200',
  succeeded: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200',
  failed: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200',
  cancelled: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-200',
};

export function CalculationStatusBadge({ status, cancelling }: { status: CalculationStatus; cancelling?: boolean }) {
  return (
    <span
      data-testid="calculation-status"
      data-status={status}
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ${STYLES[status]}`}
    >
      {(status === 'running' || status === 'queued') && (
        <span aria-hidden="true" className={`h-1.5 w-1.5 rounded-full bg-current ${status === 'running' ? 'animate-pulse' : ''}`} />
      )}
      {status}
      {cancelling && (status === 'running' || status === 'queued') ? ' (cancelling)' : ''}
    </span>
  );
}
