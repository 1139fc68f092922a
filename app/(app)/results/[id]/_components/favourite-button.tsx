'use client';

import { useUiActions, useUiStore } from '@/components/ui-store-provider';

/** Marks a calculation as a favourite in the user's saved session. */
export function FavouriteButton({ calculationId }: { calculationId: string }) {
  const favourite = useUiStore((s) => s.favouriteCalculations.includes(calculationId));
  const { toggleFavouriteCalculation } = useUiActions();
  return (
    <button
      type="button"
      aria-pressed={favourite}
      onClick={() => toggleFavouriteCalculation(calculationId)}
      className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 aria-pressed:border-amber-400 aria-pressed:bg-amber-50 aria-pressed:text-amber-800 dark:border-slate-700 dark:hover:bg-slate-800 dark:aria-pressed:bg-amber-950 dark:aria-pressed:text-amber-200"
    >
      <span aria-hidden="true">{favourite ? '★' : '☆'}</span> Favourite
    </button>
  );
}
