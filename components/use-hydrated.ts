import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * False in the server's HTML and while React hydrates it, true once the component is interactive.
 * Controls put it on a `data-hydrated` attribute so tests (and impatient users' clicks) wait until a
 * click or a choice reaches React instead of the static HTML.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
