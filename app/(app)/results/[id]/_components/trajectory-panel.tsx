'use client';

// The optimisation step by step: energy (relative to the last step) and gradient norm per step,
// and the geometries played as a 3D animation.
import { useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StoredTrajectory } from '@/lib/calculations/json-columns';
import { HARTREE_TO_KCAL_MOL } from '@/lib/units/format-energy';
import { AnimatedViewer, type Animation } from './animated-viewer';
import { ResultSection } from './result-section';

export function TrajectoryPanel({ steps, trajectoryXyz }: { steps: StoredTrajectory; trajectoryXyz: string | null }) {
  const [playing, setPlaying] = useState(false);
  const final = steps.at(-1)?.energyEh ?? 0;
  const data = steps.map((s) => ({ step: s.step, energy: (s.energyEh - final) * HARTREE_TO_KCAL_MOL, gnorm: s.gradientNormEhPerBohr }));
  const animation = useMemo<Animation | null>(() => (trajectoryXyz ? { kind: 'frames', xyz: trajectoryXyz } : null), [trajectoryXyz]);
  return (
    <ResultSection title="Optimisation trajectory">
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <figure>
          <div className="h-72 w-full" role="img" aria-label={`Energy and gradient norm over ${steps.length} optimisation steps`}>
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={data} margin={{ top: 8, right: 8, bottom: 24, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
                <XAxis dataKey="step" type="number" label={{ value: 'step', position: 'insideBottom', offset: -12 }} />
                <YAxis yAxisId="e" tickFormatter={(v: number) => v.toFixed(1)} label={{ value: 'ΔE (kcal/mol)', angle: -90, position: 'insideLeft' }} />
                <YAxis yAxisId="g" orientation="right" scale="log" domain={['auto', 'auto']} tickFormatter={(v: number) => v.toExponential(0)} />
                <Tooltip
                  formatter={(v, name) => (typeof v === 'number' ? (name === 'gradient norm (Eh/bohr)' ? v.toExponential(2) : v.toFixed(3)) : String(v))}
                />
                <Line yAxisId="e" dataKey="energy" name="ΔE to the final step (kcal/mol)" stroke="#4f46e5" dot={false} isAnimationActive={false} />
                <Line yAxisId="g" dataKey="gnorm" name="gradient norm (Eh/bohr)" stroke="#d97706" dot={false} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
          <figcaption className="text-xs text-slate-500">
            {steps.length} steps. Blue: energy relative to the final step (left axis); orange: gradient norm, logarithmic (right axis).
          </figcaption>
        </figure>
        <div className="space-y-2">
          {animation && (
            <>
              <button
                type="button"
                aria-pressed={playing}
                onClick={() => setPlaying(!playing)}
                className="rounded border border-slate-300 px-3 py-1 text-sm dark:border-slate-700"
              >
                {playing ? 'Stop the trajectory' : 'Play the trajectory in 3D'}
              </button>
              {playing && <AnimatedViewer animation={animation} label="The optimisation trajectory played step by step" testId="trajectory-viewer" />}
            </>
          )}
        </div>
      </div>
    </ResultSection>
  );
}
