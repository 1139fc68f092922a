import type { StoredThermochemistry } from '@/lib/calculations/json-columns';
import { formatNumber } from '@/lib/results/format-number';
import { formatEntropy, formatThermochemistry, formatTotalEnergy, type QuantityDisplay } from '@/lib/units/quantity-display';
import { ResultSection } from './result-section';

// H(T) and G(RRHO) already contain the zero-point energy listed above them: the labels say so, so
// nobody adds it twice.
// Corrections (ZPE, H(T), T·S, G(RRHO)) in the thermochemistry unit; the totals are absolute
// energies like the total energy and follow its unit; entropies in cal or J per mol·K with it.
type Kind = 'correction' | 'total' | 'entropy' | 'plain';
const THERMO_LABELS: [keyof Omit<StoredThermochemistry, 'vibrations'>, string, Kind, string?][] = [
  ['temperatureK', 'Temperature', 'plain', 'K'],
  ['zeroPointEnergyEh', 'Zero-point energy', 'correction'],
  ['enthalpyCorrectionEh', 'Thermal enthalpy correction H(T) (incl. ZPE)', 'correction'],
  ['entropyTermEh', 'Entropy term T·S', 'correction'],
  ['freeEnergyCorrectionEh', 'Free-energy correction G(RRHO) (incl. ZPE)', 'correction'],
  ['totalEnthalpyEh', 'Total enthalpy', 'total'],
  ['totalFreeEnergyEh', 'Total free energy', 'total'],
  ['entropyCalPerMolK', 'Entropy', 'entropy'],
  ['heatCapacityCalPerMolK', 'Heat capacity', 'entropy'],
  ['imaginaryFrequencyCount', 'Imaginary frequencies (below −20 cm⁻¹)', 'plain'],
];

function formatRow(value: number, kind: Kind, display: QuantityDisplay, suffix?: string): string {
  if (kind === 'correction') return formatThermochemistry(value, display);
  if (kind === 'total') return formatTotalEnergy(value, display);
  if (kind === 'entropy') return formatEntropy(value, display);
  return `${formatNumber(value, Number.isInteger(value) ? 0 : 3)}${suffix ? ` ${suffix}` : ''}`;
}

/** Rigid-rotor/harmonic-oscillator thermochemistry from a frequency run; nothing when none was stored. */
export function ThermochemistryTable({ data, display }: { data: StoredThermochemistry | null; display: QuantityDisplay }) {
  if (!data) return null;
  const rows = THERMO_LABELS.flatMap(([key, label, kind, suffix]) => {
    const v = data[key];
    if (v === null) return [];
    return [[label, formatRow(v, kind, display, suffix)] as const];
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
