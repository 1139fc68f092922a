'use client';

// The editor's content (structure texts, name, parameters being edited) lives in the per-request
// UI store, which auto-saves it to user_sessions and restores it on reload. Outside the provider
// (should a page render the editor without the app shell) a private, unsaved store stands in.
import { useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { useUiStoreApi } from '@/components/ui-store-provider';
import { actionsOf, createUiStore, type UiStoreApi } from '@/lib/ui-state/ui-store';
import { defaultUiState, type Draft, type EditorContent, type EditorParams } from '@/lib/ui-state/ui-state';

export type EditorContentApi = {
  content: EditorContent;
  update: (patch: Partial<Omit<EditorContent, 'params'>>) => void;
  updateParams: (patch: EditorParams) => void;
  replaceParams: (params: EditorParams) => void;
  /** Unfinished submissions set aside, newest first (saved with the session like the content). */
  drafts: Draft[];
  saveDraft: (name?: string) => string;
  /** Replaces the content and parameters with the draft's. */
  openDraft: (id: string) => boolean;
  deleteDraft: (id: string) => void;
  /** True when edits are auto-saved to the user's session. */
  persisted: boolean;
};

function useOptionalUiStoreApi(): UiStoreApi | null {
  try {
    return useUiStoreApi();
  } catch {
    return null;
  }
}

export function useEditorContent(): EditorContentApi {
  const shared = useOptionalUiStoreApi();
  const [fallback] = useState(() => (shared ? null : createUiStore(defaultUiState())));
  const store = (shared ?? fallback)!;
  const content = useStore(store, (s) => s.editor);
  const drafts = useStore(store, (s) => s.drafts);
  const actions = useMemo(() => actionsOf(store.getState()), [store]);
  // Stable functions: effects may depend on them without re-running on every keystroke.
  const fns = useMemo(
    () => ({
      update: (patch: Partial<Omit<EditorContent, 'params'>>) => {
        const current = store.getState().editor;
        if ((Object.keys(patch) as (keyof typeof patch)[]).every((k) => current[k] === patch[k])) return;
        actions.setEditorContent(patch);
      },
      updateParams: (patch: EditorParams) => actions.setEditorParams(patch),
      replaceParams: (params: EditorParams) => actions.replaceEditorParams(params),
      saveDraft: actions.saveDraft,
      openDraft: actions.openDraft,
      deleteDraft: actions.deleteDraft,
    }),
    [actions, store],
  );
  return { content, drafts, ...fns, persisted: shared !== null };
}
