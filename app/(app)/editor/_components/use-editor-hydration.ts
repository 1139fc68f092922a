'use client';

// Two one-off effects of the editor's first render: content loaded from an earlier calculation
// ("edit and rerun"), and text typed before React took over a slowly loading page.
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { EditorContent, EditorParams } from '@/lib/ui-state/ui-state';

export interface EditorSeed {
  /** The calculation the content came from ("edit and rerun"). */
  fromCalculationId: string;
  content: Partial<Omit<EditorContent, 'params'>>;
  params: EditorParams;
}

type Update = (patch: Partial<Omit<EditorContent, 'params'>>) => void;

export function useSeed(seed: EditorSeed | null | undefined, update: Update, replaceParams: (params: EditorParams) => void): void {
  const router = useRouter();
  const seeded = useRef<string | null>(null);
  useEffect(() => {
    if (!seed || seeded.current === seed.fromCalculationId) return;
    seeded.current = seed.fromCalculationId;
    update(seed.content);
    replaceParams(seed.params);
    // Drop ?from= so that a reload keeps the user's later edits instead of loading the calculation again.
    router.replace('/editor', { scroll: false });
  }, [seed, update, replaceParams, router]);
}

/**
 * Text typed before React took over the page is in the fields but not in the store: take it over
 * once, so nothing typed is lost. Returns true once the form is interactive.
 */
export function useTypedBeforeHydration(
  fields: { name: RefObject<HTMLInputElement | null>; smiles: RefObject<HTMLInputElement | null>; xyz: RefObject<HTMLTextAreaElement | null> },
  content: EditorContent,
  update: Update,
): boolean {
  const [hydrated, setHydrated] = useState(false);
  const initial = useRef(content);
  useEffect(() => {
    const typed = { name: fields.name.current?.value, smiles: fields.smiles.current?.value, xyz: fields.xyz.current?.value };
    const current = initial.current;
    const patch: Partial<Omit<EditorContent, 'params'>> = {};
    if (typed.name !== undefined && typed.name !== current.name) patch.name = typed.name;
    if (typed.smiles !== undefined && typed.smiles !== current.smiles) Object.assign(patch, { smiles: typed.smiles, inputFormat: 'smiles' });
    if (typed.xyz !== undefined && typed.xyz !== current.xyz) Object.assign(patch, { xyz: typed.xyz, inputFormat: 'xyz' });
    if (Object.keys(patch).length) update(patch);
    // The flag must flip after the fields typed before hydration were read from the DOM, which only
    // an effect can do; it changes once per page load.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setHydrated(true);
    // Once, on mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return hydrated;
}
