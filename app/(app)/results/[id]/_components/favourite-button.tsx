'use client';

import { Button } from '@/components/ui/button';
import { useUiActions, useUiStore } from '@/components/ui-store-provider';

/** Marks a calculation as a favourite in the user's saved session. */
export function FavouriteButton({ calculationId }: { calculationId: string }) {
  const favourite = useUiStore((s) => s.favouriteCalculations.includes(calculationId));
  const { toggleFavouriteCalculation } = useUiActions();
  return (
    <Button
      aria-pressed={favourite}
      onClick={() => toggleFavouriteCalculation(calculationId)}
      className="aria-pressed:border-amber-400 aria-pressed:bg-amber-50 aria-pressed:text-amber-800 dark:aria-pressed:bg-amber-950 dark:aria-pressed:text-amber-200"
    >
      <span aria-hidden="true">{favourite ? '★' : '☆'}</span> Favourite
    </Button>
  );
}
