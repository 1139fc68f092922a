'use client';

// The editor's preview, derived from whichever input is the source: SMILES (typed or drawn) and
// MOL/SDF files are embedded in 3D in the browser and written to the XYZ field; typed XYZ is read
// as it is. Every result is tagged with the source it was computed for, so the page can tell a
// current preview from a stale one (the user typed since) and never submits while they differ.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ChemInputError } from '@/lib/chem/chem-input-error';
import { hillFormula, molarMass } from '@/lib/chem/elements';
import { parseXyz } from '@/lib/chem/parse-xyz';
import type { EditorContent } from '@/lib/ui-state/ui-state';
import { checkSmilesAtDoor } from './input-checks';
import { molfileToPreviewXyz, smilesToPreviewXyz, type StructureSummary } from './preview-geometry';
import { useDebounced } from './use-debounced';

export type Preview = {
  /** Geometry for the 3D view: null when there is none or it cannot be drawn (see `note`). */
  viewerXyz: string | null;
  /** Why there is no preview, in words. */
  note: string | null;
  /** Formula, weight, charge… of the current source; null while unknown. */
  summary: (StructureSummary & { from: 'structure' | 'coordinates' }) | null;
  /** False while the preview still shows an earlier source (the user typed since). */
  current: boolean;
};

type Computed = { source: string; note: string | null; summary: Preview['summary']; xyz?: string; smiles?: string | null };

/** What the calculation will use, as one comparable key. */
export function sourceKey(content: Pick<EditorContent, 'inputFormat' | 'smiles' | 'xyz' | 'molfile'>): string {
  if (content.inputFormat === 'molfile') return `mol:${content.molfile}`;
  if (content.inputFormat === 'xyz') return `xyz:${content.xyz}`;
  return `smi:${content.smiles}`;
}

export function useStructurePreview(content: EditorContent, update: (patch: Partial<Omit<EditorContent, 'params'>>) => void): Preview {
  const key = sourceKey(content);
  const embedKey = content.inputFormat === 'xyz' ? null : key;
  const debouncedEmbedKey = useDebounced(embedKey, 300);
  const [computed, setComputed] = useState<Computed | null>(null);
  // The source as it is now: an embedding started for an older source must not overwrite the XYZ field.
  const currentKey = useRef(key);
  const name = useRef(content.name);
  // Recorded after each commit (not during render); the embedding reads them when it finishes.
  useLayoutEffect(() => {
    currentKey.current = key;
    name.current = content.name;
  });

  // Typed XYZ: read now (it is size-checked at the door, and reading is cheap), no embedding.
  const xyzComputed = useMemo<Computed | null>(
    () => (content.inputFormat === 'xyz' ? readXyz(content.xyz, key) : null),
    [content.inputFormat, content.xyz, key],
  );

  useEffect(() => {
    if (debouncedEmbedKey === null) return;
    let stale = false;
    const text = debouncedEmbedKey.slice(4);
    const title = name.current.trim() || 'preview';
    const finish = (result: Computed) => {
      if (stale || currentKey.current !== debouncedEmbedKey) return;
      setComputed(result);
      if (result.xyz !== undefined) update({ xyz: result.xyz });
      if (result.smiles) update({ smiles: result.smiles });
    };
    if (!text.trim()) {
      finish({ source: debouncedEmbedKey, note: null, summary: null, xyz: '' });
      return;
    }
    if (debouncedEmbedKey.startsWith('smi:')) {
      const check = checkSmilesAtDoor(text);
      const problem = check.accept ? check.warning : check.message;
      // The field shows this message; the preview must not guess at what was meant.
      if (problem) {
        finish({ source: debouncedEmbedKey, note: 'No preview until the SMILES is corrected.', summary: null, xyz: '' });
        return;
      }
    }
    const job = debouncedEmbedKey.startsWith('mol:') ? molfileToPreviewXyz(text, title) : smilesToPreviewXyz(text, title);
    job
      .then((result) =>
        finish(
          result.ok
            ? {
                source: debouncedEmbedKey,
                note: null,
                summary: { ...result.summary, from: 'structure' },
                xyz: result.xyz,
                smiles: debouncedEmbedKey.startsWith('mol:') ? result.smiles : null,
              }
            : // No geometry of the previous molecule may stay on screen beside this one.
              { source: debouncedEmbedKey, note: result.message, summary: null, xyz: '' },
        ),
      )
      .catch(() =>
        finish({
          source: debouncedEmbedKey,
          note: 'The 3D preview could not be prepared in this browser; the calculation is not affected.',
          summary: null,
          xyz: '',
        }),
      );
    return () => {
      stale = true;
    };
  }, [debouncedEmbedKey, update]);

  const result = content.inputFormat === 'xyz' ? xyzComputed : computed;
  const current = result?.source === key;
  return {
    viewerXyz: content.inputFormat === 'xyz' ? (xyzComputed?.note ? null : content.xyz) : content.xyz || null,
    note: current ? (result?.note ?? null) : null,
    summary: current ? (result?.summary ?? null) : null,
    current: current || (!content.smiles.trim() && content.inputFormat !== 'xyz' && content.inputFormat !== 'molfile'),
  };
}

function readXyz(xyz: string, source: string): Computed {
  if (!xyz.trim()) return { source, note: null, summary: null };
  try {
    const { atoms } = parseXyz(xyz);
    const symbols = atoms.map((atom) => atom.element);
    return {
      source,
      note: null,
      summary: {
        formula: hillFormula(symbols),
        molecularWeight: molarMass(symbols),
        charge: 0,
        radicalElectrons: 0,
        undefinedStereocentres: 0,
        undefinedDoubleBonds: 0,
        from: 'coordinates',
      },
    };
  } catch (error) {
    const message = error instanceof ChemInputError ? error.message : 'the coordinates cannot be read';
    return { source, note: `The XYZ cannot be shown in 3D: ${message}.`, summary: null };
  }
}
