'use client';

// 3Dmol view of one XYZ geometry. 3Dmol touches `window` when imported, so it is loaded inside the
// effect and the viewer is torn down on unmount (and rebuilt when the geometry changes).
import { useEffect, useRef, useState } from 'react';
import { useDarkTheme } from './use-dark-theme';

export interface MoleculeViewerProps {
  /** XYZ text (Å). Empty or null shows the placeholder. */
  xyz: string | null;
  /** Partial charges (e) in atom order: atoms are coloured blue (negative) – white – red (positive). */
  charges?: readonly (number | null)[] | null;
  /** Dipole vector in Debye, drawn as an arrow from the centre of the molecule. */
  dipole?: readonly [number, number, number] | null;
  /** Accessible name of the canvas region. */
  label: string;
  placeholder?: string;
  className?: string;
  testId?: string;
}

/** Beyond ~30 000 atoms of XYZ: far above what the editor accepts or xtb computes here. */
const MAX_VIEWER_TEXT_CHARS = 2_000_000;

class ViewerError extends Error {}

type ViewerState = { kind: 'empty' } | { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; message: string };

export function MoleculeViewer({ xyz, charges, dipole, label, placeholder, className, testId }: MoleculeViewerProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  // The canvas background is not CSS: a white panel in the dark theme would glare.
  const dark = useDarkTheme();
  const chargeKey = charges ? charges.join(',') : '';
  const dipoleKey = dipole ? dipole.join(',') : '';
  const empty = !xyz || !xyz.trim();
  // The outcome of drawing one input; until the effect reports on the current input it is loading.
  // Derived during render rather than reset from the effect, which would render twice per change.
  const drawKey = `${xyz ?? ''}\u0000${chargeKey}\u0000${dipoleKey}`;
  const [drawn, setDrawn] = useState<{ key: string; state: ViewerState } | null>(null);
  // 3Dmol works on the main thread: a huge text would freeze the tab before it could complain.
  const tooLarge = !empty && xyz.length > MAX_VIEWER_TEXT_CHARS;
  const state: ViewerState = empty
    ? { kind: 'empty' }
    : tooLarge
      ? {
          kind: 'error',
          message: `The geometry is too large to show in 3D here (${Math.round(xyz.length / 1000)} kB; up to ${MAX_VIEWER_TEXT_CHARS / 1000} kB).`,
        }
      : drawn?.key === drawKey
        ? drawn.state
        : { kind: 'loading' };

  useEffect(() => {
    const host = hostRef.current;
    if (!host || !xyz || !xyz.trim() || tooLarge) return;
    let disposed = false;
    let viewer: { clear(): void; removeAllModels(): void; removeAllShapes(): void } | null = null;
    (async () => {
      try {
        const $3Dmol = await import('3dmol');
        if (disposed) return;
        host.replaceChildren();
        const v = $3Dmol.createViewer(host, { backgroundColor: dark ? '#0f172a' : 'white', antialias: true });
        viewer = v;
        const model = v.addModel(xyz, 'xyz');
        const atomCount = model.selectedAtoms({}).length;
        if (atomCount === 0) throw new ViewerError('The geometry has no atoms that can be drawn.');
        const q = charges && charges.length === atomCount ? charges : null;
        if (q) {
          const max = Math.max(0.25, ...q.map((c) => Math.abs(c ?? 0)));
          const colorfunc = (atom: { index?: number; elem?: string }) => chargeColour(q[atom.index ?? 0] ?? 0, max);
          model.setStyle({}, { stick: { radius: 0.14, colorfunc }, sphere: { scale: 0.28, colorfunc } });
        } else {
          model.setStyle({}, { stick: { radius: 0.14, colorscheme: 'Jmol' }, sphere: { scale: 0.28, colorscheme: 'Jmol' } });
        }
        if (dipole && Math.hypot(...dipole) > 1e-3) {
          const atoms = model.selectedAtoms({});
          const centre = { x: 0, y: 0, z: 0 };
          for (const a of atoms) {
            centre.x += (a.x ?? 0) / atoms.length;
            centre.y += (a.y ?? 0) / atoms.length;
            centre.z += (a.z ?? 0) / atoms.length;
          }
          // 1 Debye drawn as 1 Å, so strong and weak dipoles look different but stay on screen.
          v.addArrow({
            start: centre,
            end: { x: centre.x + dipole[0], y: centre.y + dipole[1], z: centre.z + dipole[2] },
            radius: 0.08,
            color: '#16a34a',
          });
        }
        v.zoomTo();
        v.render();
        if (!disposed) setDrawn({ key: drawKey, state: { kind: 'ready' } });
      } catch (error) {
        // 3Dmol's own errors ("Cannot read properties of undefined …") mean nothing to users.
        if (!(error instanceof ViewerError)) console.warn('3D viewer:', error);
        const message =
          error instanceof ViewerError
            ? error.message
            : 'The 3D view could not draw this geometry. Check that each line is an element followed by three coordinates.';
        if (!disposed) setDrawn({ key: drawKey, state: { kind: 'error', message } });
      }
    })();
    return () => {
      disposed = true;
      setDrawn(null); // the next input starts from "loading", even one drawn before
      try {
        viewer?.removeAllShapes();
        viewer?.removeAllModels();
        viewer?.clear();
      } catch {
        // the canvas may already be gone
      }
      host.replaceChildren();
    };
    // chargeKey/dipoleKey stand for the arrays' contents (drawKey is made of them and xyz).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [xyz, chargeKey, dipoleKey, tooLarge, dark]);

  return (
    <div className={`relative overflow-hidden rounded-md border border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900 ${className ?? 'h-80'}`}>
      <div ref={hostRef} role="img" aria-label={label} data-testid={testId} data-state={state.kind} className="absolute inset-0" />
      {state.kind !== 'ready' && (
        <div
          className="pointer-events-none absolute inset-0 flex items-center justify-center p-4 text-center text-sm text-slate-600 dark:text-slate-300"
          aria-live="polite"
        >
          {state.kind === 'empty' && (placeholder ?? 'No geometry yet.')}
          {state.kind === 'loading' && 'Loading 3D view…'}
          {state.kind === 'error' && (
            <span role="alert" className="text-red-700 dark:text-red-300">
              {state.message}
            </span>
          )}
        </div>
      )}
    </div>
  );
}

/** Blue (negative) – grey – red (positive); grey rather than white so neutral atoms stay visible. */
function chargeColour(charge: number, max: number): string {
  const t = Math.max(-1, Math.min(1, charge / max));
  const fade = (v: number) => Math.round(210 * (1 - Math.abs(t)) + v * Math.abs(t));
  const [r, g, b] = t < 0 ? [fade(37), fade(99), fade(235)] : [fade(220), fade(38), fade(38)];
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}
