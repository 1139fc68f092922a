'use client';
// Wires the auto-saver to the page: debounced saves through the server action, and a beacon to
// /api/session when the page is hidden or closed.
import { useEffect } from 'react';
import { createAutoSaver, pendingFromStash, type AutoSaverOptions } from './auto-saver.ts';
import type { UiStoreApi } from './ui-store.ts';

export const SESSION_BEACON_URL = '/api/session';

/** Per user and tab; cleared once a save confirms the change. */
function stashFor(userId: string) {
  const key = `qf-session-pending:${userId}`;
  return {
    read: () => {
      try {
        return window.sessionStorage.getItem(key);
      } catch {
        return null;
      }
    },
    write: (body: string) => window.sessionStorage.setItem(key, body),
    clear: () => {
      try {
        window.sessionStorage.removeItem(key);
      } catch {
        // storage disabled
      }
    },
  };
}

export function useAutoSave(store: UiStoreApi, options: AutoSaverOptions & { enabled?: boolean; userId: string }): void {
  const { enabled = true, save, initialRevision = 0, debounceMs, userId } = options;
  useEffect(() => {
    if (!enabled) return;
    const stash = stashFor(userId);
    const saver = createAutoSaver(store, {
      save,
      initialRevision,
      debounceMs,
      stash,
      beacon: (body) =>
        typeof navigator !== 'undefined' && typeof navigator.sendBeacon === 'function'
          ? navigator.sendBeacon(SESSION_BEACON_URL, new Blob([body], { type: 'application/json' }))
          : false,
    });
    // A change sent by beacon as the previous page closed may have lost the race with this page's
    // request: take it from the stash (this applies it and saves it again, newer than the stored one).
    const pending = pendingFromStash(stash.read(), initialRevision);
    if (pending) store.setState(pending.state);
    else stash.clear();

    const onVisibility = () => {
      if (document.visibilityState === 'hidden') saver.flushOnHide();
    };
    const onPageHide = () => saver.flushOnHide();
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onPageHide);
      saver.dispose();
    };
    // The saver lives as long as the store; options are fixed at mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, enabled, userId]);
}
