'use client';
// Wires the auto-saver to the page: debounced saves through the server action, and a beacon to
// /api/session when the page is hidden or closed.
import { useEffect } from 'react';
import { createAutoSaver, type AutoSaverOptions } from './auto-saver.ts';
import type { UiStoreApi } from './ui-store.ts';

export const SESSION_BEACON_URL = '/api/session';

export function useAutoSave(store: UiStoreApi, options: AutoSaverOptions & { enabled?: boolean }): void {
  const { enabled = true, save, initialRevision, debounceMs } = options;
  useEffect(() => {
    if (!enabled) return;
    const saver = createAutoSaver(store, {
      save,
      initialRevision,
      debounceMs,
      beacon: (body) =>
        typeof navigator !== 'undefined' && typeof navigator.sendBeacon === 'function'
          ? navigator.sendBeacon(SESSION_BEACON_URL, new Blob([body], { type: 'application/json' }))
          : false,
    });
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
  }, [store, enabled]);
}
