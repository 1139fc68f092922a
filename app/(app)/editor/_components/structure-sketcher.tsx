'use client';

// Client-only wrapper around Ketcher: loaded with next/dynamic (no SSR) and guarded by an error
// boundary, so a sketcher that fails to load leaves SMILES, XYZ and upload working and says why.
import dynamic from 'next/dynamic';
import { Component, type ReactNode, useState } from 'react';
import type { KetcherEditorProps } from './ketcher-editor';

const KetcherEditor = dynamic<KetcherEditorProps>(() => import('./ketcher-editor'), {
  ssr: false,
  loading: () => <SketcherMessage>Loading the sketcher…</SketcherMessage>,
});

export function StructureSketcher({ structure, onSmilesChange }: { structure: string; onSmilesChange: (smiles: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  return (
    <div>
      <div className="relative h-[420px] overflow-hidden rounded-md border border-slate-200 bg-white dark:border-slate-700" data-testid="sketcher" data-ready={ready || undefined}>
        <SketcherBoundary>
          <KetcherEditor structure={structure} onSmilesChange={onSmilesChange} onError={setError} onApplied={() => setError(null)} onReady={() => setReady(true)} />
        </SketcherBoundary>
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
    <div role={tone === 'error' ? 'alert' : 'status'} className={`flex h-full items-center justify-center p-6 text-center text-sm ${tone === 'error' ? 'text-red-700 dark:text-red-300' : 'text-slate-500'}`}>
      <div>{children}</div>
    </div>
  );
}

class SketcherBoundary extends Component<{ children: ReactNode }, { failed: string | null }> {
  state = { failed: null as string | null };

  static getDerivedStateFromError(error: unknown) {
    return { failed: error instanceof Error ? error.message : String(error) };
  }

  render() {
    if (this.state.failed) {
      return (
        <SketcherMessage tone="error">
          <p className="font-medium">The structure sketcher could not be loaded.</p>
          <p className="mt-1">Type a SMILES, paste XYZ coordinates or upload a MOL/SDF file instead. ({this.state.failed})</p>
        </SketcherMessage>
      );
    }
    return this.props.children;
  }
}
