// The UI state store: one Zustand store per request/tab, created by `components/ui-store-provider.tsx`
// from the state the server loaded (never a module-level store; server components never read it).
//
// Use it in client components:
//
//   const xyz = useUiStore((s) => s.editor.xyz);
//   const { setEditorField, setEditorParams } = useUiActions();   // stable, never re-renders
//
// Editor bindings (the editor page owns the UI; this store owns the values, auto-saved ~2 s after
// the last change and at once when the page is hidden or closed):
//   setEditorField(field, value)   field: 'smiles' | 'xyz' | 'molfile' (Ketcher sketch) | 'name' | 'inputFormat'
//   setEditorContent(partial)      several fields at once, e.g. after the sketcher changes smiles and molfile
//   setEditorParams(partial)       calculation parameters as typed (numbers may be strings mid-typing;
//                                  parse with calculationParamsSchema on submit)
//   replaceEditorParams(params)    e.g. fill from preferences' calculation defaults or "edit and rerun"
//   resetEditor()                  after a successful submit
//   saveDraft(name?) → id, openDraft(id), deleteDraft(id)   unfinished submissions
// Other state: setCurrentView, setActiveMolecule/Calculation/Batch, addRecentMolecule,
//   toggleFavouriteCalculation, togglePinnedBatch, setTab(group, tab), setSidebarCollapsed,
//   setSidebarSection, setListFilters / setListFilter / setListSort / setListPageSize ('results' | 'batches'),
//   setUiOption, addSearch / clearSearchHistory, dismissNotice, setTheme.
// `sync` (save status) and `theme` (owned by user_preferences) are not part of the saved session.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Theme } from '../theme/theme.ts';
import {
  MAX_DISMISSED_NOTICES,
  MAX_DRAFTS,
  MAX_FAVOURITE_CALCULATIONS,
  MAX_PINNED_BATCHES,
  MAX_RECENT_MOLECULES,
  MAX_SEARCH_HISTORY,
  EMPTY_EDITOR,
  uiStateSchema,
  type Draft,
  type EditorContent,
  type EditorParams,
  type ListView,
  type UiState,
  type View,
} from './ui-state.ts';

export type { Theme };
export type ListName = keyof UiState['lists'];
export type EditorField = Exclude<keyof EditorContent, 'params'>;

export type SaveStatus =
  /** Everything is stored. */
  | 'saved'
  /** Changes are waiting for the debounce or on their way. */
  | 'saving'
  /** The last attempt failed; it is retried with backoff. */
  | 'retrying'
  /** The state cannot be saved as it is (too large or malformed); the next change tries again. */
  | 'invalid';

export interface SyncState {
  status: SaveStatus;
  message: string | null;
  /** The newest revision known to be stored. */
  revision: number;
  lastSavedAt: number | null;
}

export interface UiStoreActions {
  setCurrentView: (view: View | null) => void;
  setActiveMolecule: (id: string | null) => void;
  setActiveCalculation: (id: string | null) => void;
  setActiveBatch: (id: string | null) => void;

  setEditorField: <K extends EditorField>(field: K, value: EditorContent[K]) => void;
  setEditorContent: (content: Partial<EditorContent>) => void;
  setEditorParams: (params: Partial<EditorParams>) => void;
  replaceEditorParams: (params: EditorParams) => void;
  resetEditor: () => void;
  saveDraft: (name?: string) => string;
  openDraft: (id: string) => boolean;
  deleteDraft: (id: string) => void;

  setSidebarCollapsed: (collapsed: boolean) => void;
  setSidebarSection: (section: string, open: boolean) => void;
  setTab: (group: string, tab: string) => void;
  setListFilters: (list: ListName, filters: ListView['filters']) => void;
  setListFilter: (list: ListName, key: string, value: ListView['filters'][string] | undefined) => void;
  setListSort: (list: ListName, sort: ListView['sort']) => void;
  setListPageSize: (list: ListName, pageSize: number | null) => void;
  setUiOption: (key: string, value: boolean | number | string | undefined) => void;

  addRecentMolecule: (id: string) => void;
  toggleFavouriteCalculation: (id: string) => void;
  togglePinnedBatch: (id: string) => void;
  addSearch: (term: string) => void;
  clearSearchHistory: () => void;
  dismissNotice: (id: string) => void;
  setTheme: (theme: Theme) => void;

  /** For the auto-saver only. */
  setSync: (sync: Partial<SyncState>) => void;
}

/** The actions of a store (their identities never change). */
export function actionsOf(s: UiStore): UiStoreActions {
  const out = {} as Record<string, unknown>;
  for (const [key, value] of Object.entries(s)) if (typeof value === 'function') out[key] = value;
  return out as unknown as UiStoreActions;
}

export type UiStore = UiState & { theme: Theme; sync: SyncState } & UiStoreActions;
export type UiStoreApi = StoreApi<UiStore>;

export const PERSISTED_KEYS = Object.keys(uiStateSchema.shape) as (keyof UiState)[];

/** The part of the store that is saved to `user_sessions`. */
export function persistedState(store: UiStore): UiState {
  const out = {} as Record<keyof UiState, unknown>;
  for (const key of PERSISTED_KEYS) out[key] = store[key];
  return out as UiState;
}

/** True when some saved field changed (fields are replaced, never mutated, so references tell). */
export function persistedChanged(a: UiStore | UiState, b: UiStore | UiState): boolean {
  return PERSISTED_KEYS.some((key) => a[key] !== b[key]);
}

function newId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Moves `item` to the front, without duplicates, keeping at most `max`. */
function pushFront<T>(list: readonly T[], item: T, max: number): T[] {
  return [item, ...list.filter((x) => x !== item)].slice(0, max);
}

function toggle<T>(list: readonly T[], item: T, max: number): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [item, ...list].slice(0, max);
}

export function createUiStore(initial: UiState, options: { theme?: Theme; revision?: number } = {}): UiStoreApi {
  return createStore<UiStore>()((set, get) => {
    const setList = (list: ListName, patch: Partial<ListView>) => set((s) => ({ lists: { ...s.lists, [list]: { ...s.lists[list], ...patch } } }));
    return {
      ...initial,
      theme: options.theme ?? 'system',
      sync: { status: 'saved', message: null, revision: options.revision ?? 0, lastSavedAt: null },

      setCurrentView: (currentView) => get().currentView !== currentView && set({ currentView }),
      setActiveMolecule: (activeMoleculeId) =>
        set((s) => ({
          activeMoleculeId,
          recentMolecules: activeMoleculeId ? pushFront(s.recentMolecules, activeMoleculeId, MAX_RECENT_MOLECULES) : s.recentMolecules,
        })),
      setActiveCalculation: (activeCalculationId) => set({ activeCalculationId }),
      setActiveBatch: (activeBatchId) => set({ activeBatchId }),

      setEditorField: (field, value) => set((s) => (s.editor[field] === value ? {} : { editor: { ...s.editor, [field]: value } })),
      setEditorContent: (content) => set((s) => ({ editor: { ...s.editor, ...content, params: content.params ?? s.editor.params } })),
      setEditorParams: (params) => set((s) => ({ editor: { ...s.editor, params: { ...s.editor.params, ...params } } })),
      replaceEditorParams: (params) => set((s) => ({ editor: { ...s.editor, params: { ...params } } })),
      resetEditor: () => set((s) => ({ editor: { ...EMPTY_EDITOR, inputFormat: s.editor.inputFormat, params: s.editor.params } })),
      saveDraft: (name) => {
        const id = newId();
        set((s) => {
          const draft: Draft = { ...s.editor, name: name ?? s.editor.name, id, updatedAt: new Date().toISOString() };
          return { drafts: [draft, ...s.drafts].slice(0, MAX_DRAFTS) };
        });
        return id;
      },
      openDraft: (id) => {
        const draft = get().drafts.find((d) => d.id === id);
        if (!draft) return false;
        const { id: _id, updatedAt: _at, ...content } = draft;
        set({ editor: content });
        return true;
      },
      deleteDraft: (id) => set((s) => ({ drafts: s.drafts.filter((d) => d.id !== id) })),

      setSidebarCollapsed: (collapsed) => set((s) => ({ sidebar: { ...s.sidebar, collapsed } })),
      setSidebarSection: (section, open) => set((s) => ({ sidebar: { ...s.sidebar, sections: { ...s.sidebar.sections, [section]: open } } })),
      setTab: (group, tab) => set((s) => (s.tabs[group] === tab ? {} : { tabs: { ...s.tabs, [group]: tab } })),
      setListFilters: (list, filters) => setList(list, { filters: { ...filters } }),
      setListFilter: (list, key, value) =>
        set((s) => {
          const filters = { ...s.lists[list].filters };
          if (value === undefined) delete filters[key];
          else filters[key] = value;
          return { lists: { ...s.lists, [list]: { ...s.lists[list], filters } } };
        }),
      setListSort: (list, sort) => setList(list, { sort }),
      setListPageSize: (list, pageSize) => setList(list, { pageSize }),
      setUiOption: (key, value) =>
        set((s) => {
          const ui = { ...s.ui };
          if (value === undefined) delete ui[key];
          else ui[key] = value;
          return { ui };
        }),

      addRecentMolecule: (id) => set((s) => ({ recentMolecules: pushFront(s.recentMolecules, id, MAX_RECENT_MOLECULES) })),
      toggleFavouriteCalculation: (id) => set((s) => ({ favouriteCalculations: toggle(s.favouriteCalculations, id, MAX_FAVOURITE_CALCULATIONS) })),
      togglePinnedBatch: (id) => set((s) => ({ pinnedBatches: toggle(s.pinnedBatches, id, MAX_PINNED_BATCHES) })),
      addSearch: (term) => {
        const t = term.trim().slice(0, 500);
        if (t) set((s) => ({ searchHistory: pushFront(s.searchHistory, t, MAX_SEARCH_HISTORY) }));
      },
      clearSearchHistory: () => set({ searchHistory: [] }),
      dismissNotice: (id) =>
        set((s) => (s.dismissedNotices.includes(id) ? {} : { dismissedNotices: [...s.dismissedNotices, id].slice(-MAX_DISMISSED_NOTICES) })),
      setTheme: (theme) => set({ theme }),

      setSync: (sync) => set((s) => ({ sync: { ...s.sync, ...sync } })),
    };
  });
}
