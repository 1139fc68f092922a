// Auto-save of the UI store: a save ~2 s after the last change, one save in flight at a time, retry
// with backoff after a failure, and an immediate beacon when the page is hidden or closed. Plain
// TypeScript (no React) so it can be tested with fake timers; `use-auto-save.ts` wires it to a page.
import { checkUiState, type UiState } from './ui-state.ts';
import { createRevisionClock } from './revision-clock.ts';
import { persistedChanged, persistedState, type UiStore, type UiStoreApi } from './ui-store.ts';

export type SaveOutcome =
  { ok: true; data: { status: 'saved' | 'stale'; revision: number } } | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

export interface AutoSaverOptions {
  /** The server action (or any function with its contract). */
  save: (payload: { revision: number; state: UiState }) => Promise<SaveOutcome>;
  /** Sends a save that must survive the page closing; returns false when the browser refused it. */
  beacon?: (body: string) => boolean;
  debounceMs?: number;
  maxBackoffMs?: number;
  /**
   * Keeps what the beacon sent in the tab (sessionStorage) until a save confirms it: a reload can
   * reach the server before the beacon does, and the new page then picks the change up from here.
   */
  stash?: { write: (body: string) => void; clear: () => void };
  /** The revision stored when the page was rendered. */
  initialRevision?: number;
  now?: () => number;
}

/** Browsers refuse beacons (and keepalive fetches) above 64 KiB in flight. */
export const MAX_BEACON_BYTES = 60 * 1024;

export interface AutoSaver {
  /** Saves now (skipping the debounce); resolves when this attempt is over. */
  flush: () => Promise<void>;
  /** Page hidden or closing: send what is unsaved by beacon, or at once when too large for one. */
  flushOnHide: () => void;
  dispose: () => void;
}

/**
 * A change stashed by a page that closed (see `stash`) that the server does not have yet: newer than
 * the revision the server rendered with, and a valid state. Null otherwise.
 */
export function pendingFromStash(body: string | null, renderedRevision: number): { revision: number; state: UiState } | null {
  if (!body) return null;
  try {
    const parsed = JSON.parse(body) as { revision?: unknown; state?: unknown };
    if (typeof parsed.revision !== 'number' || parsed.revision <= renderedRevision) return null;
    const checked = checkUiState(parsed.state);
    return checked.ok ? { revision: parsed.revision, state: checked.state } : null;
  } catch {
    return null;
  }
}

export function createAutoSaver(store: UiStoreApi, options: AutoSaverOptions): AutoSaver {
  const debounceMs = options.debounceMs ?? 2_000;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const clock = createRevisionClock(options.initialRevision ?? 0, options.now);
  /** The last state the server confirmed (or the restored one). */
  let acked: UiState = persistedState(store.getState());
  let maxSent = options.initialRevision ?? 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> | null = null;
  let failures = 0;
  let disposed = false;

  const dirty = () => persistedChanged(store.getState(), acked);
  const setSync = (patch: Parameters<UiStore['setSync']>[0]) => store.getState().setSync(patch);

  const schedule = (delay: number) => {
    if (disposed) return;
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), delay);
  };

  const unsubscribe = store.subscribe((state, prev) => {
    if (!persistedChanged(state, prev)) return;
    failures = 0; // a new edit deserves a prompt attempt
    if (state.sync.status !== 'saving') setSync({ status: 'saving', message: null });
    schedule(debounceMs);
  });

  async function attempt(): Promise<void> {
    const state = persistedState(store.getState());
    const checked = checkUiState(state);
    if (!checked.ok) {
      setSync({ status: 'invalid', message: checked.message });
      return;
    }
    const revision = clock.next();
    maxSent = Math.max(maxSent, revision);
    let outcome: SaveOutcome;
    try {
      outcome = await options.save({ revision, state });
    } catch {
      outcome = { ok: false, message: 'The server could not be reached.' };
    }
    if (disposed) return;
    if (!outcome.ok) {
      failures += 1;
      setSync({ status: 'retrying', message: outcome.message });
      schedule(Math.min(maxBackoffMs, 1_000 * 2 ** (failures - 1)));
      return;
    }
    failures = 0;
    clock.observe(outcome.data.revision);
    if (outcome.data.status === 'stale' && outcome.data.revision > maxSent) {
      // Another tab or device saved later than this one: this tab's edits are newer for its user,
      // so save them again above the stored revision (last active writer wins, never an old save).
      schedule(0);
      return;
    }
    acked = state;
    setSync({ revision: Math.max(store.getState().sync.revision, outcome.data.revision), lastSavedAt: Date.now() });
    if (dirty()) schedule(debounceMs);
    else {
      options.stash?.clear();
      setSync({ status: 'saved', message: null });
    }
  }

  function flush(): Promise<void> {
    clearTimeout(timer);
    if (disposed) return Promise.resolve();
    if (inFlight) {
      // One save at a time: the next one starts when this one is over.
      return inFlight.then(() => (dirty() ? flush() : undefined));
    }
    if (!dirty()) {
      if (store.getState().sync.status !== 'saved') setSync({ status: 'saved', message: null });
      return Promise.resolve();
    }
    inFlight = attempt().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  function flushOnHide() {
    if (disposed || !dirty()) return;
    const state = persistedState(store.getState());
    if (!checkUiState(state).ok) return;
    const revision = clock.next();
    const body = JSON.stringify({ revision, state });
    try {
      options.stash?.write(body);
    } catch {
      // storage full or disabled: the beacon alone has to do
    }
    if (options.beacon && new TextEncoder().encode(body).length <= MAX_BEACON_BYTES && options.beacon(body)) {
      maxSent = Math.max(maxSent, revision);
      // Whether it arrived is unknown: keep the state dirty so a visible page saves it again
      // (same content, newer revision: harmless).
      schedule(debounceMs);
      return;
    }
    void flush();
  }

  return {
    flush,
    flushOnHide,
    dispose() {
      disposed = true;
      clearTimeout(timer);
      unsubscribe();
    },
  };
}
