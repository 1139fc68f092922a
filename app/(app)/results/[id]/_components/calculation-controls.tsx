'use client';

// Live status of one calculation (polled while it is queued or running; the page re-renders with
// the results when it finishes), cancel, rerun and "edit and rerun".
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { CalculationStatusBadge } from '@/components/calculation-status-badge';
import { Button, buttonClassName } from '@/components/ui/button';
import { useCalculationStatuses } from '@/components/use-calculation-statuses';
import type { CalculationStatus } from '@/lib/results/results-query';
import type { QuantityDisplay } from '@/lib/units/quantity-display';
import { cancelCalculationAction, rerunCalculationAction } from '../../actions';
import { LiveProgress } from './live-progress';

export function CalculationControls({
  id,
  status,
  cancelRequested,
  startedAt,
  display,
  canModify,
  allowed,
}: {
  id: string;
  status: CalculationStatus;
  cancelRequested: boolean;
  /** When the current attempt started (the timer runs from it). */
  startedAt: string | null;
  display: QuantityDisplay;
  /** This user may change this calculation (its owner, or an admin). */
  canModify: boolean;
  /** What the user's role allows (lib/auth/permissions.ts); the actions check again. */
  allowed: { cancel: boolean; rerun: boolean; submit: boolean };
}) {
  const router = useRouter();
  const { statuses, error } = useCalculationStatuses([{ id, status, cancelRequested }]);
  // What the cancel action answered holds until the polled status has caught up with it (a poll
  // already under way may still say "running, not cancelling").
  const [afterCancel, setAfterCancel] = useState<{ status: CalculationStatus; cancelRequested: true } | null>(null);
  const polled = statuses.get(id) ?? { status, cancelRequested, queuedAhead: null, progress: null, startedAt };
  const settled = polled.status === 'succeeded' || polled.status === 'failed' || polled.status === 'cancelled';
  const live = { ...polled, startedAt: polled.startedAt ?? startedAt, ...(afterCancel && !settled ? afterCancel : {}) };
  const [message, setMessage] = useState<{ tone: 'error' | 'info'; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const active = live.status === 'queued' || live.status === 'running';

  const cancel = () =>
    startTransition(async () => {
      const result = await cancelCalculationAction({ id });
      if (!result.ok) return setMessage({ tone: 'error', text: result.message });
      // 'cancelling': still running, and now stopping; 'cancelled': closed at once (it was queued).
      setAfterCancel({ status: result.data.status === 'cancelled' ? 'cancelled' : polled.status, cancelRequested: true });
      setMessage({ tone: 'info', text: result.data.status === 'cancelled' ? 'Cancelled.' : 'Cancelling: the worker is stopping xtb.' });
      router.refresh();
    });

  const rerun = () =>
    startTransition(async () => {
      const result = await rerunCalculationAction({ id });
      if (!result.ok) return setMessage({ tone: 'error', text: result.message });
      router.push(`/results/${result.data.id}`);
    });

  return (
    <div className="flex flex-wrap items-center gap-3">
      <span className="text-sm text-slate-600 dark:text-slate-400">Status</span>
      <span aria-live="polite" data-testid="detail-status">
        <CalculationStatusBadge status={live.status} cancelling={live.cancelRequested} />
      </span>
      {error && <span className="text-xs text-amber-700 dark:text-amber-400">Live updates interrupted; retrying.</span>}
      <div className="ml-auto flex flex-wrap gap-2">
        {canModify && allowed.cancel && active && (
          <Button variant="danger" onClick={cancel} disabled={pending || live.cancelRequested}>
            {live.cancelRequested ? 'Cancelling…' : 'Cancel'}
          </Button>
        )}
        {allowed.rerun && !active && (
          <Button onClick={rerun} disabled={pending}>
            Rerun
          </Button>
        )}
        {allowed.submit && (
          <Link href={`/editor?from=${id}`} className={buttonClassName('secondary')}>
            Edit and rerun
          </Link>
        )}
      </div>
      <LiveProgress live={live} display={display} />
      {message && (
        <p
          role={message.tone === 'error' ? 'alert' : 'status'}
          className={`w-full text-sm ${message.tone === 'error' ? 'text-red-700 dark:text-red-300' : 'text-slate-600 dark:text-slate-300'}`}
        >
          {message.text}
        </p>
      )}
    </div>
  );
}
