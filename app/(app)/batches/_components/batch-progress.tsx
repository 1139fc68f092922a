import type { BatchCounts } from '@/lib/batches/read-batches';

/** A stacked bar of the batch's items by outcome; the label says it in words for screen readers. */
export function BatchProgress({ counts }: { counts: BatchCounts }) {
  const total = Math.max(1, counts.total);
  const percent = Math.round((counts.done / total) * 100);
  const part = (n: number) => `${(n / total) * 100}%`;
  return (
    <div>
      <div
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={counts.total}
        aria-valuenow={counts.done}
        aria-label={`${counts.done} of ${counts.total} items done`}
        data-testid="batch-progress"
        className="flex h-3 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
      >
        <span className="bg-emerald-500" style={{ width: part(counts.succeeded) }} />
        <span className="bg-red-500" style={{ width: part(counts.failed) }} />
        <span className="bg-amber-500" style={{ width: part(counts.cancelled) }} />
        <span className="bg-slate-400" style={{ width: part(counts.invalid) }} />
        <span className="animate-pulse bg-sky-400" style={{ width: part(counts.running) }} />
      </div>
      <p className="mt-1 text-xs text-slate-500 tabular-nums">
        {percent}% — {counts.done.toLocaleString('en-US')} of {counts.total.toLocaleString('en-US')} done
      </p>
    </div>
  );
}
