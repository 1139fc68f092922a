'use client';

// Filters, sort and page size live in the URL; the session remembers the last ones applied. A visit to
// /results without any search parameters goes back to them; "Clear" forgets them first.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import { useUiActions, useUiStoreApi } from '@/components/ui-store-provider';
import { listViewOfQuery, queryStringOfListView } from '@/lib/results/results-list-view';
import type { ResultsQuery } from '@/lib/results/results-query';

export function RememberResultsView({ query, hasParams }: { query: ResultsQuery; hasParams: boolean }) {
  const router = useRouter();
  const store = useUiStoreApi();
  const { setListFilters, setListSort, setListPageSize, addSearch } = useUiActions();
  // The query arrives as a new object with every server render; its text says whether it changed.
  const queryKey = JSON.stringify(query);
  useEffect(() => {
    // After the provider's own effects (they run after this one), which may bring back changes the
    // previous page had not yet saved: read and write the session only once they are applied.
    const timer = setTimeout(() => {
      const { lists, searchHistory } = store.getState();
      if (!hasParams) {
        const saved = queryStringOfListView(lists.results);
        if (saved) router.replace(`/results${saved}`, { scroll: false });
        return;
      }
      const view = listViewOfQuery(query);
      // Unchanged views are not written again: every write schedules a save.
      if (queryStringOfListView(view) !== queryStringOfListView(lists.results)) {
        setListFilters('results', view.filters);
        setListSort('results', view.sort);
        setListPageSize('results', view.pageSize);
      }
      if (query.q && searchHistory[0] !== query.q) addSearch(query.q);
    });
    return () => clearTimeout(timer);
    // queryKey stands for query.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryKey, hasParams, router, store, setListFilters, setListSort, setListPageSize, addSearch]);
  return null;
}

/** A link to the unfiltered list that also forgets the saved filters (else they would be restored). */
export function ClearFiltersLink({ className, children }: { className?: string; children: ReactNode }) {
  const { setListFilters, setListSort, setListPageSize } = useUiActions();
  return (
    <Link
      href="/results"
      className={className}
      onClick={() => {
        setListFilters('results', {});
        setListSort('results', null);
        setListPageSize('results', null);
      }}
    >
      {children}
    </Link>
  );
}
