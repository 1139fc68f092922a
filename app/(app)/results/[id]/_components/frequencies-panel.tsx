'use client';

// Every normal mode with its wavenumber and IR intensity; imaginary ones (xtb's −20 cm⁻¹
// convention, decided when stored) flagged. Choosing a mode animates it in the 3D view.
import { useMemo, useState } from 'react';
import { DataTable, rowClassName } from '@/components/ui/data-table';
import type { StoredVibrationalModes } from '@/lib/calculations/json-columns';
import { formatNumber } from '@/lib/results/format-number';
import { AnimatedViewer, type Animation } from './animated-viewer';
import { ResultSection } from './result-section';

const COLUMNS = [
  { label: '#' },
  { label: 'Wavenumber (cm⁻¹)', numeric: true },
  { label: 'IR intensity (km/mol)', numeric: true },
  { label: 'Reduced mass (amu)', numeric: true },
  { label: 'Animation', hidden: true },
];

export function FrequenciesPanel({ modes, xyz }: { modes: StoredVibrationalModes; xyz: string | null }) {
  const [selected, setSelected] = useState<number | null>(null);
  const mode = selected === null ? null : modes[selected];
  const animation = useMemo<Animation | null>(
    () => (mode?.displacements && xyz ? { kind: 'mode', xyz, displacements: mode.displacements } : null),
    [mode, xyz],
  );
  const imaginary = modes.filter((m) => m.imaginary).length;
  return (
    <ResultSection title="Vibrational modes">
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <div className="max-h-96 overflow-auto">
          <DataTable
            variant="compact"
            testId="modes-table"
            columns={COLUMNS}
            caption={`${modes.length} modes${imaginary > 0 ? `, ${imaginary} imaginary (below −20 cm⁻¹)` : ''}. Choose a mode to animate it.`}
            captionClassName="mb-1 text-left text-xs text-slate-500"
            bodyClassName="font-mono tabular-nums"
          >
            {modes.map((m, i) => (
              <tr key={i} className={rowClassName('compact', selected === i ? 'bg-indigo-50 dark:bg-indigo-950' : undefined)}>
                <td className="py-1 pr-2">{i + 1}</td>
                <td className="py-1 pr-2 text-right">
                  {m.imaginary ? `${formatNumber(Math.abs(m.wavenumberCm1), 1)}i` : formatNumber(m.wavenumberCm1, 1)}
                  {m.imaginary && <span className="ml-2 rounded bg-amber-100 px-1 text-xs text-amber-900 font-sans">imaginary</span>}
                </td>
                <td className="py-1 pr-2 text-right">{m.irIntensityKmMol === null ? '—' : formatNumber(m.irIntensityKmMol, 2)}</td>
                <td className="py-1 pr-2 text-right">{m.reducedMassAmu === null ? '—' : formatNumber(m.reducedMassAmu, 2)}</td>
                <td className="py-1 pr-2 text-right font-sans">
                  {m.displacements && xyz && (
                    <button
                      type="button"
                      aria-pressed={selected === i}
                      onClick={() => setSelected(selected === i ? null : i)}
                      className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-900"
                    >
                      {selected === i ? 'Stop' : 'Animate'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        </div>
        <div>
          {animation && selected !== null ? (
            <AnimatedViewer
              animation={animation}
              label={`Mode ${selected + 1} (${formatNumber(modes[selected]!.wavenumberCm1, 1)} cm⁻¹) animated`}
              testId="mode-viewer"
            />
          ) : (
            <p className="text-sm text-slate-500">Choose “Animate” beside a mode to see the atoms move along it.</p>
          )}
        </div>
      </div>
    </ResultSection>
  );
}
