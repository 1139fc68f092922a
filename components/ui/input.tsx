import type { InputHTMLAttributes } from 'react';

/** Text-like inputs and selects share one look; `aria-invalid` turns the border red. */
export const controlClassName =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/40 disabled:opacity-50 aria-[invalid]:border-red-500 dark:border-slate-600 dark:bg-slate-900';

export function Input({ className, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={className ? `${controlClassName} ${className}` : controlClassName} {...props} />;
}
