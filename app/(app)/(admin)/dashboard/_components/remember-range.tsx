'use client';

// The dashboard's time range lives in the URL and is remembered in the saved UI state
// (`ui['dashboard.range']`, the range's query string): opening /dashboard without a range goes back
// to the last one chosen, on any device.
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { useUiActions, useUiStoreApi } from '@/components/ui-store-provider';
import { parseRangeParams } from '@/lib/dashboard/range';

export const DASHBOARD_RANGE_KEY = 'dashboard.range';

/** `rangeQuery` is null when the URL's range was not valid: then nothing is remembered or restored. */
export function RememberDashboardRange({ rangeQuery, hasParams }: { rangeQuery: string | null; hasParams: boolean }) {
  const router = useRouter();
  const store = useUiStoreApi();
  const { setUiOption } = useUiActions();
  useEffect(() => {
    // After the provider's own effects, which may bring back a change not yet saved (as the results list does).
    const timer = setTimeout(() => {
      const saved = store.getState().ui[DASHBOARD_RANGE_KEY];
      if (!hasParams) {
        if (typeof saved !== 'string' || saved === rangeQuery) return;
        const params = new URLSearchParams(saved);
        // Only a range the page would accept; anything else is forgotten rather than bounced on.
        if (parseRangeParams((name) => params.get(name)).ok) router.replace(`/dashboard?${saved}`, { scroll: false });
        else setUiOption(DASHBOARD_RANGE_KEY, undefined);
        return;
      }
      if (rangeQuery !== null && saved !== rangeQuery) setUiOption(DASHBOARD_RANGE_KEY, rangeQuery);
    });
    return () => clearTimeout(timer);
  }, [rangeQuery, hasParams, router, store, setUiOption]);
  return null;
}
