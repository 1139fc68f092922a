'use client';

// Client-only wrapper around Ketcher: loaded with next/dynamic (no SSR) only when the user opens the
// sketcher (9 MB of JavaScript; SMILES, XYZ and upload work without it), and guarded by an error
// boundary, so a sketcher that fails to load leaves the other inputs working and says why.
// Drawing changes are passed on only after the user touched the drawing: Ketcher also reports
// changes when a structure is set programmatically, and such a late echo must never overwrite
// what was typed in the SMILES field (the structure submitted must be the one on screen).
import dynamic from 'next/dynamic';
import { Component, type ReactNode, useEffect, useRef, useState } from 'react';
import type { KetcherEditorProps } from './ketcher-editor';

const KetcherEditor = dynamic<KetcherEditorProps>(() => import('./ketcher-editor'), {
  ssr: false,
  loading: () => <SketcherMessage>Loading the sketcher…</SketcherMessage>,
});

export function StructureSketcher({
  structure,
  staleMessage,
  onSmilesChange,
}: {
  structure: string;
  /** Set when the drawing is not what will be computed (the XYZ was edited since). */
  staleMessage?: string | null;
  onSmilesChange: (smiles: string) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const touched = useRef(false);
  const reported = useRef<string | null>(null);
  // A structure that came from elsewhere (typed SMILES, a file) is drawn programmatically: until the
  // user touches the drawing again, its change events are echoes.
  useEffect(() => {
    if (structure !== reported.current) touched.current = false;
  }, [structure]);
  return (
    <div>
      <div
        className="relative h-[420px] overflow-hidden rounded-md border border-slate-200 bg-white dark:border-slate-700"
        data-testid="sketcher"
        data-ready={ready || undefined}
        data-stale={staleMessage ? true : undefined}
        onPointerDownCapture={() => (touched.current = true)}
        onKeyDownCapture={() => (touched.current = true)}
      >
        {/* Ketcher has no dark theme: in ours its white canvas and toolbars are inverted (hue turned
            back, so oxygen stays red and nitrogen blue) instead of glaring. Our messages stay outside. */}
        <div className="h-full dark:hue-rotate-180 dark:invert-[0.9]">
          <SketcherBoundary>
            <KetcherEditor
              structure={structure}
              onSmilesChange={(smiles) => {
                if (!touched.current) return;
                reported.current = smiles;
                onSmilesChange(smiles);
              }}
              onError={setError}
              onApplied={() => setError(null)}
              onReady={() => setReady(true)}
            />
          </SketcherBoundary>
        </div>
        {staleMessage && (
          <p role="status" className="pointer-events-none absolute inset-x-0 bottom-0 bg-amber-50/95 px-3 py-1 text-center text-xs text-amber-900">
            {staleMessage}
          </p>
        )}
      </div>
      {error && (
        <p role="alert" className="mt-1 text-sm text-amber-800 dark:text-amber-300">
          {error}
        </p>
      )}
    </div>
  );
}

function SketcherMessage({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'error' }) {
  return (
    <div
      role={tone === 'error' ? 'alert' : 'status'}
      className={`flex h-full items-center justify-center p-6 text-center text-sm ${tone === 'error' ? 'text-red-700 dark:text-red-300' : 'text-slate-500'}`}
    >
      <div>{children}</div>
    </div>
  );
}

class SketcherBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  render() {
    if (this.state.failed) {
      return (
        <SketcherMessage tone="error">
          <p className="font-medium">The structure sketcher could not be loaded.</p>
          <p className="mt-1">Type a SMILES, paste XYZ coordinates or upload a structure file instead.</p>
        </SketcherMessage>
      );
    }
    return this.props.children;
  }
}
