'use client';

// 3Dmol view that animates either one normal mode (the stored displacements set as each atom's
// dx/dy/dz, then 3Dmol's vibrate) or a multi-frame XYZ (the optimisation trajectory). 3Dmol
// touches `window` when imported, so it is loaded inside the effect.
import { useEffect, useRef, useState } from 'react';

export type Animation = { kind: 'mode'; xyz: string; displacements: [number, number, number][] } | { kind: 'frames'; xyz: string };

export function AnimatedViewer({ animation, label, testId }: { animation: Animation; label: string; testId?: string }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let disposed = false;
    let viewer: { stopAnimate(): void; clear(): void } | null = null;
    (async () => {
      try {
        const $3Dmol = await import('3dmol');
        if (disposed) return;
        host.replaceChildren();
        const v = $3Dmol.createViewer(host, { backgroundColor: 'white', antialias: true });
        viewer = v;
        const style = { stick: { radius: 0.14, colorscheme: 'Jmol' }, sphere: { scale: 0.28, colorscheme: 'Jmol' } };
        if (animation.kind === 'mode') {
          const model = v.addModel(animation.xyz, 'xyz');
          const atoms = model.selectedAtoms({});
          if (atoms.length !== animation.displacements.length) throw new Error('mode and geometry differ in atom count');
          atoms.forEach((atom, i) => {
            const [dx, dy, dz] = animation.displacements[i]!;
            Object.assign(atom, { dx, dy, dz });
          });
          model.setStyle({}, style);
          model.vibrate(12, 1.2, true, null);
          v.animate({ loop: 'backAndForth', interval: 60 });
        } else {
          v.addModelsAsFrames(animation.xyz, 'xyz');
          v.setStyle({}, style);
          v.animate({ loop: 'forward', interval: 120 });
        }
        v.zoomTo();
        v.render();
      } catch (e) {
        console.warn('3D animation:', e);
        if (!disposed) setError('The 3D animation could not be drawn.');
      }
    })();
    return () => {
      disposed = true;
      try {
        viewer?.stopAnimate();
        viewer?.clear();
      } catch {
        // the canvas may already be gone
      }
      host.replaceChildren();
    };
  }, [animation]);
  return (
    <div>
      <div
        ref={hostRef}
        role="img"
        aria-label={label}
        data-testid={testId}
        className="relative h-80 w-full overflow-hidden rounded-md border border-slate-200 dark:border-slate-800"
      />
      {error && (
        <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}
