'use client';
// Unit and decimals per kind of quantity (lib/units/quantity-display.ts), each with a live preview
// on a real number: total energies, orbital energies and the gap, thermochemistry, dipoles.
import { useState } from 'react';
import { ENERGY_UNIT_NAMES, ENERGY_UNITS, type EnergyUnit } from '@/lib/units/format-energy';
import {
  DEFAULT_PRECISION,
  formatDipole,
  formatOrbital,
  formatThermochemistry,
  formatTotalEnergy,
  MAX_DISPLAY_PRECISION,
  QUANTITY_KIND_NAMES,
  type EnergyKind,
  type QuantityDisplay,
} from '@/lib/units/quantity-display';
import { InputField, SelectField } from './fields';

/** GFN2-xTB water: total energy (Eh), HOMO–LUMO gap (eV), zero-point energy (Eh), dipole (D). */
const SAMPLES = { totalEnergy: -5.070544440612, orbitalEnergy: 14.652302431681, thermochemistry: 0.020553383052, dipole: 2.4299 };

/** Form field names per kind; the total energy keeps the names of the single setting it replaces. */
const FIELDS: Record<EnergyKind, { unit: string; precision: string; unitLabel: string; precisionLabel: string }> = {
  totalEnergy: { unit: 'energyUnit', precision: 'precision', unitLabel: 'Total energy units', precisionLabel: 'Total energy decimal places' },
  orbitalEnergy: {
    unit: 'orbitalEnergyUnit',
    precision: 'orbitalEnergyPrecision',
    unitLabel: 'Orbital energies and gap: unit',
    precisionLabel: 'Orbital energies and gap: decimals',
  },
  thermochemistry: {
    unit: 'thermochemistryUnit',
    precision: 'thermochemistryPrecision',
    unitLabel: 'Thermochemistry: unit',
    precisionLabel: 'Thermochemistry: decimals',
  },
};

type Draft = Record<EnergyKind, { unit: EnergyUnit; precision: string }> & { dipole: { precision: string } };

function toDisplay(draft: Draft): QuantityDisplay | null {
  const decimals = (text: string) => {
    const n = Number(text);
    return text.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= MAX_DISPLAY_PRECISION ? n : null;
  };
  const values = [
    decimals(draft.totalEnergy.precision),
    decimals(draft.orbitalEnergy.precision),
    decimals(draft.thermochemistry.precision),
    decimals(draft.dipole.precision),
  ];
  if (values.some((v) => v === null)) return null;
  const [t, o, h, d] = values as number[];
  return {
    totalEnergy: { unit: draft.totalEnergy.unit, precision: t! },
    orbitalEnergy: { unit: draft.orbitalEnergy.unit, precision: o! },
    thermochemistry: { unit: draft.thermochemistry.unit, precision: h! },
    dipole: { precision: d! },
  };
}

export function QuantityDisplayFields({ initial, errors }: { initial: QuantityDisplay; errors: Record<string, string[] | undefined> }) {
  const [draft, setDraft] = useState<Draft>({
    totalEnergy: { unit: initial.totalEnergy.unit, precision: String(initial.totalEnergy.precision) },
    orbitalEnergy: { unit: initial.orbitalEnergy.unit, precision: String(initial.orbitalEnergy.precision) },
    thermochemistry: { unit: initial.thermochemistry.unit, precision: String(initial.thermochemistry.precision) },
    dipole: { precision: String(initial.dipole.precision) },
  });
  const display = toDisplay(draft);
  const previews: Record<EnergyKind | 'dipole', string> = display
    ? {
        totalEnergy: formatTotalEnergy(SAMPLES.totalEnergy, display),
        orbitalEnergy: formatOrbital(SAMPLES.orbitalEnergy, display),
        thermochemistry: formatThermochemistry(SAMPLES.thermochemistry, display),
        dipole: formatDipole(SAMPLES.dipole, display),
      }
    : { totalEnergy: '—', orbitalEnergy: '—', thermochemistry: '—', dipole: '—' };
  const energyKinds = Object.keys(FIELDS) as EnergyKind[];

  return (
    <div className="space-y-3" data-testid="quantity-display">
      {energyKinds.map((kind) => {
        const f = FIELDS[kind];
        return (
          <div key={kind} className="grid items-end gap-x-4 gap-y-2 sm:grid-cols-[1fr_1fr_8rem]">
            <SelectField
              label={f.unitLabel}
              name={f.unit}
              value={draft[kind].unit}
              onChange={(e) => {
                const unit = e.target.value as EnergyUnit;
                // A new unit starts at its sensible number of decimals (6 in Eh is 4 in kcal/mol).
                setDraft((d) => ({ ...d, [kind]: { unit, precision: String(DEFAULT_PRECISION[kind][unit]) } }));
              }}
              options={ENERGY_UNITS.map((u) => [u, ENERGY_UNIT_NAMES[u]] as const)}
              errors={errors[f.unit]}
            />
            <InputField
              label={f.precisionLabel}
              name={f.precision}
              type="number"
              min={0}
              max={MAX_DISPLAY_PRECISION}
              step={1}
              value={draft[kind].precision}
              onChange={(e) => setDraft((d) => ({ ...d, [kind]: { ...d[kind], precision: e.target.value } }))}
              errors={errors[f.precision]}
            />
            <p className="pb-2 text-sm text-slate-600 dark:text-slate-400">
              <span className="sr-only">{QUANTITY_KIND_NAMES[kind]} shown as </span>
              <output data-testid={kind === 'totalEnergy' ? 'energy-preview' : `preview-${kind}`} className="font-mono">
                {previews[kind]}
              </output>
            </p>
          </div>
        );
      })}
      <div className="grid items-end gap-x-4 gap-y-2 sm:grid-cols-[1fr_1fr_8rem]">
        <p className="pb-2 text-sm text-slate-700 dark:text-slate-300">Dipole moments in debye (D)</p>
        <InputField
          label="Dipole moments: decimals"
          name="dipolePrecision"
          type="number"
          min={0}
          max={MAX_DISPLAY_PRECISION}
          step={1}
          value={draft.dipole.precision}
          onChange={(e) => setDraft((d) => ({ ...d, dipole: { precision: e.target.value } }))}
          errors={errors.dipolePrecision}
        />
        <p className="pb-2 text-sm text-slate-600 dark:text-slate-400">
          <output data-testid="preview-dipole" className="font-mono">
            {previews.dipole}
          </output>
        </p>
      </div>
      <p className="text-xs text-slate-500">
        Samples: water&apos;s GFN2-xTB total energy, HOMO–LUMO gap, zero-point energy and dipole. In kJ/mol, entropies and heat capacities show in J/(mol·K).
      </p>
    </div>
  );
}
