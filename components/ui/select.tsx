import type { SelectHTMLAttributes } from 'react';
import { controlClassName } from './input';

const COMPACT =
  'rounded-md border border-slate-300 bg-white px-2 py-1 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-50 dark:border-slate-700 dark:bg-slate-900';

/** A select with the input look; `compact` for one inside a table row. */
export function Select({ compact = false, className, ...props }: SelectHTMLAttributes<HTMLSelectElement> & { compact?: boolean }) {
  const base = compact ? COMPACT : controlClassName;
  return <select className={className ? `${base} ${className}` : base} {...props} />;
}

/** One <option> per value, shown with its label where `labels` has one. */
export function Options<T extends string>({ values, labels }: { values: readonly T[]; labels?: Partial<Record<T, string>> }) {
  return (
    <>
      {values.map((value) => (
        <option key={value} value={value}>
          {labels?.[value] ?? value}
        </option>
      ))}
    </>
  );
}
