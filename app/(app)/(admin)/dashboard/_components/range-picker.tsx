'use client';

// The dashboard's time range, kept in the URL (?range=24h, or ?from=…&to=… for a custom span) so a
// view can be bookmarked and shared.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { RANGE_PRESETS, type RangePreset } from '@/lib/dashboard/range';

const field = 'rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950';

/** ISO instant → the value a datetime-local input shows (UTC, minutes). */
const toLocalInput = (iso: string) => iso.slice(0, 16);

export function RangePicker({ preset, custom }: { preset: RangePreset | null; custom: { from: string; to: string } | null }) {
  const router = useRouter();
  const [choice, setChoice] = useState<string>(preset ?? 'custom');
  const [error, setError] = useState<string | null>(null);
  // The custom range's defaults: the last 24 h as of when the picker first rendered.
  const [{ now, dayAgo }] = useState(() => ({ now: new Date().toISOString(), dayAgo: new Date(Date.now() - 24 * 3600_000).toISOString() }));

  const choose = (value: string) => {
    setChoice(value);
    setError(null);
    if (value !== 'custom') router.push(`/dashboard?range=${value}`);
  };
  const applyCustom = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const from = new Date(`${form.get('from')}Z`);
    const to = new Date(`${form.get('to')}Z`);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return setError('Enter both the start and the end.');
    if (from >= to) return setError('The start must be before the end.');
    setError(null);
    router.push(`/dashboard?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`);
  };

  return (
    <div className="flex flex-wrap items-end gap-2">
      <label className="block text-xs font-medium text-slate-600 dark:text-slate-400">
        Time range
        <select value={choice} onChange={(e) => choose(e.target.value)} className={`${field} mt-1 block`}>
          {Object.entries(RANGE_PRESETS).map(([value, p]) => (
            <option key={value} value={value}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom…</option>
        </select>
      </label>
      {choice === 'custom' ? (
        <form onSubmit={applyCustom} className="flex flex-wrap items-end gap-2" aria-label="Custom time range">
          <label className="block text-xs font-medium text-slate-600 dark:text-slate-400">
            From (UTC)
            <input type="datetime-local" name="from" required defaultValue={toLocalInput(custom?.from ?? dayAgo)} className={`${field} mt-1 block`} />
          </label>
          <label className="block text-xs font-medium text-slate-600 dark:text-slate-400">
            To (UTC)
            <input type="datetime-local" name="to" required defaultValue={toLocalInput(custom?.to ?? now)} className={`${field} mt-1 block`} />
          </label>
          <button type="submit" className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500">
            Show
          </button>
          {error ? (
            <p role="alert" className="w-full text-xs text-red-600 dark:text-red-400">
              {error}
            </p>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
