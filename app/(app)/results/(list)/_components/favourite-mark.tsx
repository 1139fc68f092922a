'use client';

import { useUiStore } from '@/components/ui-store-provider';

/** ★ beside a calculation the user marked as a favourite on its result page. */
export function FavouriteMark({ calculationId }: { calculationId: string }) {
  const favourite = useUiStore((s) => s.favouriteCalculations.includes(calculationId));
  if (!favourite) return null;
  return (
    <span data-testid="favourite-mark" title="Favourite" className="mr-1 text-amber-500">
      <span aria-hidden="true">★</span>
      <span className="sr-only">Favourite: </span>
    </span>
  );
}
