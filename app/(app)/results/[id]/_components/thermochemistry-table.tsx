import type { StoredThermochemistry } from '@/lib/calculations/json-columns';
import { formatNumber } from '@/lib/results/format-number';
import { formatEnergy, type EnergyUnit } from '@/lib/units/format-energy';
import { ResultSection } from './result-section';

// H(T) and G(RRHO) already contain the zero-point energy listed above them: the labels say so, so
// nobody adds it twice.
const THERMO_LABELS: [keyof Omit<StoredThermochemistry, 'vibrations'>, string, 'energy' | 'plain', string?][] = [
  ['temperatureK', 'Temperature', 'plain', 'K'],
  ['zeroPointEnergyEh', 'Zero-point energy', 'energy'],
  ['enthalpyCorrectionEh', 'Thermal enthalpy correction H(T) (incl. ZPE)', 'energy'],
  ['entropyTermEh', 'Entropy term T·S', 'energy'],
  ['freeEnergyCorrectionEh', 'Free-energy correction G(RRHO) (incl. ZPE)', 'energy'],
  ['totalEnthalpyEh', 'Total enthalpy', 'energy'],
  ['totalFreeEnergyEh', 'Total free energy', 'energy'],
  ['entropyCalPerMolK', 'Entropy', 'plain', 'cal/(mol·K)'],
  ['heatCapacityCalPerMolK', 'Heat capacity', 'plain', 'cal/(mol·K)'],
  ['imaginaryFrequencyCount', 'Imaginary frequencies (below −20 cm⁻¹)', 'plain'],
];

/** Rigid-rotor/harmonic-oscillator thermochemistry from a frequency run; nothing when none was stored. */
export function ThermochemistryTable({ data, unit, precision }: { data: StoredThermochemistry | null; unit: EnergyUnit; precision: number }) {
  if (!data) return null;
  const rows = THERMO_LABELS.flatMap(([key, label, kind, suffix]) => {
    const v = data[key];
    if (v === null) return [];
    return [
      [label, kind === 'energy' ? formatEnergy(v, unit, precision) : `${formatNumber(v, Number.isInteger(v) ? 0 : 3)}${suffix ? ` ${suffix}` : ''}`] as const,
    ];
  });
  if (rows.length === 0) return null;
  return (
    <ResultSection title="Thermochemistry (RRHO)">
      <dl className="grid grid-cols-[minmax(0,16rem)_1fr] gap-x-4 gap-y-1 text-sm" data-testid="thermochemistry">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-600 dark:text-slate-400">{label}</dt>
            <dd className="font-mono tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
    </ResultSection>
  );
}
