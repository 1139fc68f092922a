import { formatNumber } from '@/lib/results/format-number';
import { formatEnergy, type EnergyUnit } from '@/lib/units/format-energy';
import { ResultSection } from './result-section';

const THERMO_LABELS: [string[], string, 'energy' | 'plain', string?][] = [
  [['temperatureK', 'temperature_k', 'temperature'], 'Temperature', 'plain', 'K'],
  [['zeroPointEnergyEh', 'zero_point_energy_eh', 'zpe'], 'Zero-point energy', 'energy'],
  [['enthalpyCorrectionEh', 'enthalpy_correction_eh'], 'Thermal enthalpy correction H(T)', 'energy'],
  [['entropyTermEh', 'entropy_term_eh'], 'Entropy term T·S', 'energy'],
  [['freeEnergyCorrectionEh', 'free_energy_correction_eh'], 'Free-energy correction G(RRHO)', 'energy'],
  [['totalEnthalpyEh', 'total_enthalpy_eh'], 'Total enthalpy', 'energy'],
  [['totalFreeEnergyEh', 'total_free_energy_eh'], 'Total free energy', 'energy'],
  [['entropyCalPerMolK', 'entropy_cal_per_mol_k'], 'Entropy', 'plain', 'cal/(mol·K)'],
  [['heatCapacityCalPerMolK', 'heat_capacity_cal_per_mol_k'], 'Heat capacity', 'plain', 'cal/(mol·K)'],
  [['imaginaryFrequencyCount', 'imaginary_frequency_count'], 'Imaginary frequencies', 'plain'],
];

/** Rigid-rotor/harmonic-oscillator thermochemistry from a frequency run; nothing when none was stored. */
export function ThermochemistryTable({ data, unit, precision }: { data: Record<string, unknown> | null; unit: EnergyUnit; precision: number }) {
  if (!data) return null;
  const rows = THERMO_LABELS.flatMap(([keys, label, kind, suffix]) => {
    const key = keys.find((k) => typeof data[k] === 'number');
    if (!key) return [];
    const v = data[key] as number;
    return [[label, kind === 'energy' ? formatEnergy(v, unit, precision) : `${formatNumber(v, Number.isInteger(v) ? 0 : 3)}${suffix ? ` ${suffix}` : ''}`] as const];
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
