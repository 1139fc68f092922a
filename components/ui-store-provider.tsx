'use client';
// One UI store per page load, created from the state the server loaded for this user (so the first
// render already shows it), auto-saved to user_sessions. Never a module-level store: on the server a
// module-level store would be shared between users' requests.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { usePathname } from 'next/navigation';
import { useStore } from 'zustand';
import { saveUiStateAction } from '@/lib/ui-state/save-ui-state-action';
import { useAutoSave } from '@/lib/ui-state/use-auto-save';
import { actionsOf, createUiStore, type Theme, type UiStore, type UiStoreActions, type UiStoreApi } from '@/lib/ui-state/ui-store';
import { VIEWS, type UiState, type View } from '@/lib/ui-state/ui-state';

const UiStoreContext = createContext<UiStoreApi | null>(null);

export function UiStoreProvider({
  userId,
  initialState,
  initialRevision,
  theme,
  autoSave = true,
  children,
}: {
  /** Whose state this is (keys the tab's stash of unconfirmed changes). */
  userId: string;
  initialState: UiState;
  initialRevision: number;
  theme?: Theme;
  autoSave?: boolean;
  children: ReactNode;
}) {
  // Later renders of the layout (navigation, revalidation) must not reset what the user is editing.
  const [store] = useState(() => createUiStore(initialState, { theme, revision: initialRevision }));
  useAutoSave(store, { save: saveUiStateAction, initialRevision, enabled: autoSave, userId });
  useTrackCurrentView(store);
  return <UiStoreContext.Provider value={store}>{children}</UiStoreContext.Provider>;
}

export function useUiStoreApi(): UiStoreApi {
  const store = useContext(UiStoreContext);
  if (!store) throw new Error('useUiStore must be used inside <UiStoreProvider> (the signed-in app layout).');
  return store;
}

/** Reads from the UI store; re-renders when the selected value changes. Select small pieces. */
export function useUiStore<T>(selector: (state: UiStore) => T): T {
  return useStore(useUiStoreApi(), selector);
}

/** The store's actions (stable identities; using them never re-renders). */
export function useUiActions(): UiStoreActions {
  const store = useUiStoreApi();
  return useMemo(() => actionsOf(store.getState()), [store]);
}

function viewOf(pathname: string): View | null {
  const [first, second] = pathname.split('/').filter(Boolean);
  if (first === 'results' && second) return 'result';
  if (first === 'batches' && second) return 'batch';
  return (VIEWS as readonly string[]).includes(first ?? '') ? (first as View) : null;
}

function useTrackCurrentView(store: UiStoreApi) {
  const pathname = usePathname();
  useEffect(() => {
    const view = viewOf(pathname);
    if (view) store.getState().setCurrentView(view);
  }, [pathname, store]);
}
