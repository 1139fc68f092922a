'use client';

// Cancel, retry the failed items (with the batch's parameters, a higher electronic temperature or
// the next optimisation level) and delete a finished batch after a confirm dialog.
import { useRouter } from 'next/navigation';
import { useRef, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import type { OptLevel } from '@/lib/calculations/parameters';
import { cancelBatchAction, deleteBatchAction, retryFailedItemsAction } from '../actions';

type Props = {
  batchId: string;
  batchName: string;
  active: boolean;
  failed: number;
  etemp: number;
  optimises: boolean;
  optLevel: OptLevel | null;
  nextOptLevel: OptLevel | null;
};

type RetryChoice = 'same' | 'etemp' | 'optLevel';

export function BatchControls({ batchId, batchName, active, failed, etemp, optimises, optLevel, nextOptLevel }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [choice, setChoice] = useState<RetryChoice>('same');
  const [hotter, setHotter] = useState(String(Math.max(etemp * 2, 1000)));
  const dialog = useRef<HTMLDialogElement>(null);

  const run = (work: () => Promise<{ ok: true; text: string } | { ok: false; message: string }>) => {
    setMessage(null);
    startTransition(async () => {
      const outcome = await work();
      setMessage(outcome.ok ? { kind: 'ok', text: outcome.text } : { kind: 'error', text: outcome.message });
      if (outcome.ok) router.refresh();
    });
  };

  const cancel = () =>
    run(async () => {
      const r = await cancelBatchAction({ batchId });
      if (!r.ok) return r;
      const parts = [`${r.data.cancelled} queued calculation${r.data.cancelled === 1 ? '' : 's'} cancelled`];
      if (r.data.stopping > 0) parts.push(`${r.data.stopping} running being stopped`);
      return { ok: true, text: `Batch cancelled: ${parts.join(', ')}.` };
    });

  const retry = () =>
    run(async () => {
      const r = await retryFailedItemsAction({
        batchId,
        etemp: choice === 'etemp' ? Number(hotter) : undefined,
        optLevel: choice === 'optLevel' && nextOptLevel ? nextOptLevel : undefined,
      });
      if (!r.ok) return { ok: false, message: r.fieldErrors ? [r.message, ...Object.values(r.fieldErrors).flat()].join(' ') : r.message };
      return { ok: true, text: `${r.data.retried} failed item${r.data.retried === 1 ? '' : 's'} queued again.` };
    });

  const remove = () => {
    dialog.current?.close();
    run(async () => {
      const r = await deleteBatchAction({ batchId });
      return r.ok ? { ok: true, text: 'Batch deleted.' } : r;
    });
  };

  return (
    <section aria-label="Batch controls" className="space-y-2">
      <div className="flex flex-wrap items-end gap-3">
        {active && (
          <Button variant="danger" onClick={cancel} disabled={pending}>
            Cancel batch
          </Button>
        )}
        {failed > 0 && (
          <fieldset className="flex flex-wrap items-end gap-2 rounded-md border border-slate-200 p-2 text-sm dark:border-slate-800">
            <legend className="px-1 text-xs text-slate-500">Retry the {failed.toLocaleString('en-US')} failed items with</legend>
            <label className="flex items-center gap-1">
              <input type="radio" name="retry-choice" checked={choice === 'same'} onChange={() => setChoice('same')} /> the same parameters
            </label>
            <label className="flex items-center gap-1">
              <input type="radio" name="retry-choice" checked={choice === 'etemp'} onChange={() => setChoice('etemp')} /> electronic temperature
            </label>
            <label className="sr-only" htmlFor="retry-etemp">
              Electronic temperature for the retry (K)
            </label>
            <input
              id="retry-etemp"
              type="number"
              min={etemp}
              step={100}
              value={hotter}
              onChange={(e) => {
                setHotter(e.target.value);
                setChoice('etemp');
              }}
              className="w-24 rounded-md border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-900"
            />
            <span>K</span>
            {optimises && nextOptLevel && nextOptLevel !== optLevel && (
              <label className="flex items-center gap-1">
                <input type="radio" name="retry-choice" checked={choice === 'optLevel'} onChange={() => setChoice('optLevel')} /> optimisation level{' '}
                {nextOptLevel} (was {optLevel})
              </label>
            )}
            <Button onClick={retry} disabled={pending}>
              Retry failed items
            </Button>
          </fieldset>
        )}
        {!active && (
          <Button variant="danger" onClick={() => dialog.current?.showModal()} disabled={pending}>
            Delete batch
          </Button>
        )}
      </div>
      <dialog ref={dialog} aria-labelledby="delete-batch-title" className="rounded-md p-4 shadow-xl backdrop:bg-black/40 dark:bg-slate-900 dark:text-slate-100">
        <h2 id="delete-batch-title" className="font-semibold">
          Delete “{batchName}”?
        </h2>
        <p className="mt-2 text-sm">The batch, its items and all its calculations with their results are deleted. This cannot be undone.</p>
        <div className="mt-4 flex justify-end gap-2">
          <Button onClick={() => dialog.current?.close()}>Keep it</Button>
          <Button variant="danger" onClick={remove}>
            Delete batch and calculations
          </Button>
        </div>
      </dialog>
      {message && (
        <p
          role={message.kind === 'error' ? 'alert' : 'status'}
          className={message.kind === 'error' ? 'text-sm text-red-700 dark:text-red-300' : 'text-sm text-emerald-700 dark:text-emerald-300'}
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
