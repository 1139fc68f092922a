'use client';

import { useState } from 'react';
import { MoleculeViewer } from '@/components/molecule-viewer';

/** Input and optimised geometry side by side in one 3Dmol view, coloured by partial charge, with the dipole. */
export function ResultViewer({
  inputXyz,
  optimizedXyz,
  charges,
  dipole,
}: {
  inputXyz: string | null;
  optimizedXyz: string | null;
  charges: (number | null)[] | null;
  dipole: [number, number, number] | null;
}) {
  const [which, setWhich] = useState<'optimized' | 'input'>(optimizedXyz ? 'optimized' : 'input');
  const xyz = which === 'optimized' ? optimizedXyz : inputXyz;
  const hasCharges = charges?.some((c) => c !== null) ?? false;
  return (
    <div className="space-y-2">
      {optimizedXyz && inputXyz && (
        <div role="radiogroup" aria-label="Geometry" className="inline-flex rounded-md border border-slate-300 p-0.5 text-sm dark:border-slate-700">
          {(['optimized', 'input'] as const).map((w) => (
            <button
              key={w}
              type="button"
              role="radio"
              aria-checked={which === w}
              onClick={() => setWhich(w)}
              className="rounded px-3 py-1 aria-checked:bg-indigo-600 aria-checked:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
            >
              {w === 'optimized' ? 'Optimised geometry' : 'Input geometry'}
            </button>
          ))}
        </div>
      )}
      <MoleculeViewer
        xyz={xyz}
        charges={hasCharges ? charges : null}
        dipole={dipole}
        label={`3D view of the ${which === 'optimized' ? 'optimised' : 'input'} geometry${hasCharges ? ', atoms coloured by partial charge' : ''}${dipole ? ', dipole drawn as a green arrow' : ''}`}
        testId="result-viewer"
        className="h-96"
        placeholder="The geometry appears here once the worker has it."
      />
      {(hasCharges || dipole) && (
        <p className="flex flex-wrap items-center gap-3 text-xs text-slate-600 dark:text-slate-400">
          {hasCharges && (
            <span className="inline-flex items-center gap-1">
              <span aria-hidden="true" className="inline-block h-2 w-16 rounded bg-gradient-to-r from-blue-600 via-slate-300 to-red-600" />
              partial charge: negative (blue) – positive (red)
            </span>
          )}
          {dipole && <span>green arrow: dipole moment (1 Å per Debye)</span>}
        </p>
      )}
    </div>
  );
}
