'use client';

// The Ketcher sketcher proper. Loaded only in the browser (see structure-sketcher.tsx): Ketcher
// reads `window` and `document` at import time. Structure conversions run in its standalone
// (WASM Indigo) service, so no Indigo server is needed.
import 'ketcher-react/dist/index.css';
import { Editor } from 'ketcher-react';
import { StandaloneStructServiceProvider } from 'ketcher-standalone';
import type { Ketcher } from 'ketcher-core';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';

export interface KetcherEditorProps {
  /** Structure to show (SMILES or molfile); applied whenever it differs from what is drawn. */
  structure: string;
  /** Called with Ketcher's SMILES after the user changes the drawing. */
  onSmilesChange: (smiles: string) => void;
  onError: (message: string) => void;
  /** A structure was drawn without error (clears an earlier error). */
  onApplied?: () => void;
  onReady?: () => void;
}

export default function KetcherEditor({ structure, onSmilesChange, onError, onApplied, onReady }: KetcherEditorProps) {
  const provider = useMemo(() => new StandaloneStructServiceProvider(), []);
  const ketcherRef = useRef<Ketcher | null>(null);
  // What the drawing currently shows, as Ketcher writes it: change events that merely echo a
  // programmatic setMolecule are not user edits and must not overwrite the typed SMILES.
  const shownRef = useRef<{ input: string; smiles: string } | null>(null);
  const callbacks = useRef({ onSmilesChange, onError, onApplied, onReady });
  const pendingRef = useRef<string>(structure);
  // The latest props for Ketcher's callbacks, recorded after each commit (not during render).
  useLayoutEffect(() => {
    callbacks.current = { onSmilesChange, onError, onApplied, onReady };
    pendingRef.current = structure;
  });

  // Change events fired while a structure is being applied are echoes, not user edits.
  const applyingRef = useRef(0);

  const apply = async (ketcher: Ketcher, input: string) => {
    if (shownRef.current?.input === input || shownRef.current?.smiles === input) return;
    applyingRef.current++;
    try {
      shownRef.current = { input, smiles: input };
      await ketcher.setMolecule(input);
      shownRef.current = { input, smiles: input.trim() ? await ketcher.getSmiles() : '' };
      callbacks.current.onApplied?.();
    } catch (error) {
      console.warn('Ketcher could not draw the structure', error);
      callbacks.current.onError('The sketcher could not draw this structure. The SMILES field and the calculation are not affected.');
    } finally {
      // Ketcher may deliver the change event of this setMolecule after the promise resolves.
      setTimeout(() => applyingRef.current--, 300);
    }
  };

  useEffect(() => {
    const ketcher = ketcherRef.current;
    if (ketcher) void apply(ketcher, structure);
  }, [structure]);

  return (
    <Editor
      staticResourcesUrl=""
      structServiceProvider={provider}
      disableMacromoleculesEditor
      errorHandler={(message) => {
        // Ketcher's own messages are internal ("Convert error! …"); the log keeps them for debugging.
        console.warn('Ketcher:', message);
        callbacks.current.onError('The sketcher reported a problem with this drawing. Check the structure, or type its SMILES instead.');
      }}
      onInit={(ketcher) => {
        ketcherRef.current = ketcher;
        ketcher.editor.subscribe('change', async () => {
          if (applyingRef.current > 0) return;
          try {
            const smiles = await ketcher.getSmiles();
            if (applyingRef.current > 0 || (shownRef.current && shownRef.current.smiles === smiles)) return;
            shownRef.current = { input: smiles, smiles };
            callbacks.current.onSmilesChange(smiles);
          } catch (error) {
            console.warn('Ketcher could not write SMILES', error);
            callbacks.current.onError('The drawing cannot be written as SMILES (is it incomplete?). Finish the drawing or type the SMILES instead.');
          }
        });
        void apply(ketcher, pendingRef.current).then(() => callbacks.current.onReady?.());
      }}
    />
  );
}
