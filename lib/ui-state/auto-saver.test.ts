// The auto-saver with fake timers: debounce, one save in flight, ordering, retry with backoff,
// invalid states, the beacon on hide, and the store's actions it reacts to.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAutoSaver, pendingFromStash, type SaveOutcome } from './auto-saver.ts';
import { createUiStore } from './ui-store.ts';
import { defaultUiState, MAX_STRUCTURE_TEXT_CHARS, type UiState } from './ui-state.ts';

type Call = { revision: number; state: UiState };

function setup(
  respond: (call: Call, n: number) => Promise<SaveOutcome> | SaveOutcome,
  options: { beacon?: (body: string) => boolean; initialRevision?: number } = {},
) {
  const store = createUiStore(defaultUiState(), { revision: options.initialRevision ?? 0 });
  const calls: Call[] = [];
  const saver = createAutoSaver(store, {
    save: async (payload) => {
      calls.push(payload);
      return respond(payload, calls.length);
    },
    beacon: options.beacon,
    initialRevision: options.initialRevision,
    now: () => Date.now(),
  });
  return { store, calls, saver };
}

const saved = (c: Call): SaveOutcome => ({ ok: true, data: { status: 'saved', revision: c.revision } });

describe('auto-saver', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-23T12:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('saves once, 2 s after the last of a burst of edits', async () => {
    const { store, calls } = setup(saved);
    const { setEditorField } = store.getState();
    setEditorField('smiles', 'C');
    expect(store.getState().sync.status).toBe('saving');
    await vi.advanceTimersByTimeAsync(1_500);
    setEditorField('smiles', 'CC');
    await vi.advanceTimersByTimeAsync(1_500);
    setEditorField('smiles', 'CCO');
    await vi.advanceTimersByTimeAsync(1_999);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.state.editor.smiles).toBe('CCO');
    expect(store.getState().sync).toMatchObject({ status: 'saved', revision: calls[0]!.revision });
  });

  it('ignores changes outside the saved state', async () => {
    const { store, calls } = setup(saved);
    store.getState().setTheme('dark');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toHaveLength(0);
    expect(store.getState().sync.status).toBe('saved');
  });

  it('keeps one save in flight and sends increasing revisions', async () => {
    let release!: () => void;
    const { store, calls } = setup((c, n) => (n === 1 ? new Promise((r) => (release = () => r(saved(c)))) : saved(c)), { initialRevision: 5 });
    store.getState().setEditorField('xyz', 'first');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toHaveLength(1);
    store.getState().setEditorField('xyz', 'second');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(1); // waits for the first
    release();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.state.editor.xyz).toBe('second');
    expect(calls[0]!.revision).toBeGreaterThan(5);
    expect(calls[1]!.revision).toBeGreaterThan(calls[0]!.revision);
    expect(store.getState().sync.status).toBe('saved');
  });

  it('retries a failed save with growing delays and says so', async () => {
    const { store, calls } = setup((c, n) => (n <= 3 ? { ok: false, message: 'Something went wrong' } : saved(c)));
    store.getState().setTab('settings', 'api-keys');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toHaveLength(1);
    expect(store.getState().sync.status).toBe('retrying');
    await vi.advanceTimersByTimeAsync(1_000); // 1 s
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1_999); // 2 s
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(4_000); // 4 s
    expect(calls).toHaveLength(4);
    expect(store.getState().sync.status).toBe('saved');
    expect(new Set(calls.map((c) => c.revision)).size).toBe(4);
  });

  it('treats a thrown error (network) like a failure', async () => {
    const { store, calls } = setup((c, n) => {
      if (n === 1) throw new TypeError('fetch failed');
      return saved(c);
    });
    store.getState().setEditorField('name', 'x');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(store.getState().sync.status).toBe('retrying');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toHaveLength(2);
    expect(store.getState().sync.status).toBe('saved');
  });

  it('does not send a state that cannot be saved, and tries again after the next change', async () => {
    const { store, calls } = setup(saved);
    store.getState().setEditorField('xyz', 'x'.repeat(MAX_STRUCTURE_TEXT_CHARS + 1));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(0);
    expect(store.getState().sync).toMatchObject({ status: 'invalid', message: expect.stringMatching(/editor\.xyz/) });
    store.getState().setEditorField('xyz', 'short');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toHaveLength(1);
    expect(store.getState().sync.status).toBe('saved');
  });

  it('saves again above the stored revision when another device saved later', async () => {
    const far = Date.now() * 1000 + 10_000_000_000; // another device's clock runs ahead
    const { store, calls } = setup((c, n) => (n === 1 ? { ok: true, data: { status: 'stale', revision: far } } : saved(c)));
    store.getState().setEditorField('smiles', 'mine');
    await vi.advanceTimersByTimeAsync(2_000);
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.revision).toBeGreaterThan(far);
    expect(store.getState().sync.status).toBe('saved');
  });

  it('sends a beacon at once when the page is hidden, and still confirms by a normal save', async () => {
    const beacons: string[] = [];
    const { store, calls, saver } = setup(saved, { beacon: (body) => (beacons.push(body), true) });
    saver.flushOnHide(); // nothing to save
    expect(beacons).toHaveLength(0);
    store.getState().setEditorField('smiles', 'c1ccccc1');
    saver.flushOnHide();
    expect(beacons).toHaveLength(1);
    const body = JSON.parse(beacons[0]!) as Call;
    expect(body.state.editor.smiles).toBe('c1ccccc1');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.revision).toBeGreaterThan(body.revision);
  });

  it('stashes what the beacon sent until a save confirms it', async () => {
    const stash = {
      body: null as string | null,
      write(b: string) {
        this.body = b;
      },
      clear() {
        this.body = null;
      },
    };
    const store = createUiStore(defaultUiState());
    const calls: Call[] = [];
    const saver = createAutoSaver(store, { save: async (c) => (calls.push(c), saved(c)), beacon: () => true, stash });
    store.getState().setTab('settings', 'api-keys');
    saver.flushOnHide();
    const pending = pendingFromStash(stash.body, 0);
    expect(pending?.state.tabs).toEqual({ settings: 'api-keys' });
    // A page rendered from an older stored revision takes it; one rendered from it or later does not.
    expect(pendingFromStash(stash.body, pending!.revision)).toBeNull();
    expect(pendingFromStash('{"revision": 99, "state": {"editor": 1}}', 0)).toBeNull();
    expect(pendingFromStash('not json', 0)).toBeNull();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toHaveLength(1);
    expect(stash.body).toBeNull();
  });

  it('falls back to the action when the beacon is refused or too large', async () => {
    const { store, calls, saver } = setup(saved, { beacon: () => false });
    store.getState().setEditorField('smiles', 'N');
    saver.flushOnHide();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
  });

  it('stops after dispose', async () => {
    const { store, calls, saver } = setup(saved);
    store.getState().setEditorField('smiles', 'O');
    saver.dispose();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(0);
  });
});

describe('ui store actions', () => {
  it('bound lists and keep them unique', () => {
    const store = createUiStore(defaultUiState());
    const s = store.getState();
    for (let i = 0; i < 30; i++) s.addRecentMolecule(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    s.addRecentMolecule('00000000-0000-4000-8000-000000000005');
    const recent = store.getState().recentMolecules;
    expect(recent).toHaveLength(20);
    expect(recent[0]).toBe('00000000-0000-4000-8000-000000000005');
    expect(new Set(recent).size).toBe(20);
    s.toggleFavouriteCalculation('a');
    s.toggleFavouriteCalculation('b');
    s.toggleFavouriteCalculation('a');
    expect(store.getState().favouriteCalculations).toEqual(['b']);
    s.addSearch('  caffeine ');
    s.addSearch('water');
    s.addSearch('caffeine');
    expect(store.getState().searchHistory).toEqual(['caffeine', 'water']);
  });

  it('edit the editor content, params and drafts', () => {
    const store = createUiStore(defaultUiState());
    const s = store.getState();
    s.setEditorContent({ smiles: 'CCO', molfile: 'M  END', inputFormat: 'sketch' });
    s.setEditorParams({ method: 'gfn1', charge: '-' });
    s.setEditorParams({ charge: -1 });
    expect(store.getState().editor).toMatchObject({ smiles: 'CCO', molfile: 'M  END', inputFormat: 'sketch', params: { method: 'gfn1', charge: -1 } });
    const id = s.saveDraft('ethanol anion');
    s.resetEditor();
    expect(store.getState().editor).toMatchObject({ smiles: '', molfile: '', inputFormat: 'sketch', params: { method: 'gfn1', charge: -1 } });
    expect(s.openDraft(id)).toBe(true);
    expect(store.getState().editor).toMatchObject({ smiles: 'CCO', name: 'ethanol anion' });
    s.deleteDraft(id);
    expect(store.getState().drafts).toEqual([]);
    s.setListFilter('results', 'status', ['failed']);
    s.setListSort('results', { column: 'energy', direction: 'asc' });
    s.setListFilter('results', 'status', undefined);
    expect(store.getState().lists.results).toEqual({ filters: {}, sort: { column: 'energy', direction: 'asc' }, pageSize: null });
  });
});
