'use client';

import { useId } from 'react';
import { useUiStore } from '@/components/ui-store-provider';

/** The list's search box, offering the user's earlier searches (saved with the session). */
export function SearchField({ defaultValue, className }: { defaultValue: string; className?: string }) {
  const history = useUiStore((s) => s.searchHistory);
  const listId = useId();
  return (
    <>
      <input type="search" name="q" defaultValue={defaultValue} placeholder="Name, formula or SMILES" list={listId} autoComplete="off" className={className} />
      <datalist id={listId} data-testid="search-history">
        {history.map((term) => (
          <option key={term} value={term} />
        ))}
      </datalist>
    </>
  );
}
