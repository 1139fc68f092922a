// How each kind of quantity is shown: its own unit and number of decimals. One precision for
// everything shows a total energy of −42.154321 Eh and a HOMO of −10.532110 eV alike, although
// orbital energies mean something to 1 meV and thermochemistry to 0.01 kcal/mol.
//
// Stored per user in user_preferences.quantity_display (jsonb):
//   { "totalEnergy": { "unit", "precision" }, "orbitalEnergy": { "unit", "precision" },
//     "thermochemistry": { "unit", "precision" }, "dipole": { "precision" } }
// Anything missing or invalid falls back to the defaults below, so old rows and partial objects work.
import { z } from 'zod';
import { convertEnergy, ENERGY_UNIT_LABELS, ENERGY_UNITS, HARTREE_TO_EV, type EnergyUnit, type FormatOptions } from './format-energy.ts';

export const QUANTITY_KINDS = ['totalEnergy', 'orbitalEnergy', 'thermochemistry', 'dipole'] as const;
export type QuantityKind = (typeof QUANTITY_KINDS)[number];
export type EnergyKind = Exclude<QuantityKind, 'dipole'>;

export const QUANTITY_KIND_NAMES: Record<QuantityKind, string> = {
  totalEnergy: 'Total energies',
  orbitalEnergy: 'Orbital energies and HOMO–LUMO gap',
  thermochemistry: 'Thermochemistry (ZPE, H, G, T·S)',
  dipole: 'Dipole moments',
};

export const MAX_DISPLAY_PRECISION = 12;

export interface EnergyDisplay {
  unit: EnergyUnit;
  precision: number;
}

export interface QuantityDisplay {
  totalEnergy: EnergyDisplay;
  orbitalEnergy: EnergyDisplay;
  thermochemistry: EnergyDisplay;
  dipole: { precision: number };
}

/**
 * Decimals that show what xtb's numbers carry and no more, per kind and unit: total energies
 * ≈ 1e-6 Eh (the SCC convergence), orbital energies ≈ 1 meV, thermochemistry ≈ 0.01 kcal/mol,
 * dipoles 0.001 D (xtb prints 3 decimals).
 */
export const DEFAULT_PRECISION: Record<EnergyKind, Record<EnergyUnit, number>> = {
  totalEnergy: { hartree: 6, ev: 5, kcal_mol: 4, kj_mol: 3 },
  orbitalEnergy: { hartree: 5, ev: 3, kcal_mol: 2, kj_mol: 2 },
  thermochemistry: { hartree: 5, ev: 4, kcal_mol: 2, kj_mol: 2 },
};
export const DEFAULT_DIPOLE_PRECISION = 3;

/** Total energies in Eh, orbitals and gap in eV, thermochemistry in kcal/mol. */
export const DEFAULT_QUANTITY_DISPLAY: QuantityDisplay = {
  totalEnergy: { unit: 'hartree', precision: DEFAULT_PRECISION.totalEnergy.hartree },
  orbitalEnergy: { unit: 'ev', precision: DEFAULT_PRECISION.orbitalEnergy.ev },
  thermochemistry: { unit: 'kcal_mol', precision: DEFAULT_PRECISION.thermochemistry.kcal_mol },
  dipole: { precision: DEFAULT_DIPOLE_PRECISION },
};

const precisionSchema = z.coerce
  .number()
  .int('Decimals must be a whole number.')
  .min(0, `Decimals must be between 0 and ${MAX_DISPLAY_PRECISION}.`)
  .max(MAX_DISPLAY_PRECISION, `Decimals must be between 0 and ${MAX_DISPLAY_PRECISION}.`);
const energyDisplaySchema = z.object({ unit: z.enum(ENERGY_UNITS), precision: precisionSchema });

/** What the preferences form submits (every kind complete). */
export const quantityDisplaySchema = z.object({
  totalEnergy: energyDisplaySchema,
  orbitalEnergy: energyDisplaySchema,
  thermochemistry: energyDisplaySchema,
  dipole: z.object({ precision: precisionSchema }),
});

/** The legacy single setting (user_preferences.energy_unit / display_precision). */
export interface LegacyEnergyDisplay {
  energyUnit: EnergyUnit;
  precision: number;
}

function energyDisplay(kind: EnergyKind, raw: unknown, fallback: EnergyDisplay): EnergyDisplay {
  if (typeof raw !== 'object' || raw === null) return fallback;
  const r = raw as Record<string, unknown>;
  const unit = z.enum(ENERGY_UNITS).safeParse(r.unit);
  const resolvedUnit = unit.success ? unit.data : fallback.unit;
  const precision = precisionSchema.safeParse(r.precision);
  // A unit chosen without decimals gets that unit's sensible default, not another unit's decimals.
  return { unit: resolvedUnit, precision: precision.success ? precision.data : unit.success ? DEFAULT_PRECISION[kind][resolvedUnit] : fallback.precision };
}

/**
 * The display settings from the stored jsonb (any shape), completed with defaults. Without a stored
 * total-energy setting the legacy single unit and precision apply to total energies, so a user's
 * earlier choice still holds there.
 */
export function resolveQuantityDisplay(stored: unknown, legacy?: LegacyEnergyDisplay): QuantityDisplay {
  const s = typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
  const totalFallback = legacy ? { unit: legacy.energyUnit, precision: legacy.precision } : DEFAULT_QUANTITY_DISPLAY.totalEnergy;
  const dipolePrecision = precisionSchema.safeParse((s.dipole as Record<string, unknown> | undefined)?.precision);
  return {
    totalEnergy: energyDisplay('totalEnergy', s.totalEnergy, totalFallback),
    orbitalEnergy: energyDisplay('orbitalEnergy', s.orbitalEnergy, DEFAULT_QUANTITY_DISPLAY.orbitalEnergy),
    thermochemistry: energyDisplay('thermochemistry', s.thermochemistry, DEFAULT_QUANTITY_DISPLAY.thermochemistry),
    dipole: { precision: dipolePrecision.success ? dipolePrecision.data : DEFAULT_DIPOLE_PRECISION },
  };
}

function fixed(value: number, precision: number): string {
  const digits = Math.min(MAX_DISPLAY_PRECISION, Math.max(0, Math.trunc(precision)));
  const text = value.toFixed(digits);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text; // no "-0.000"
}

function show(value: number | null | undefined, options: FormatOptions, render: (v: number) => [string, string]): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return options.missing ?? '—';
  const [text, unit] = render(value);
  return options.withUnit === false ? text : `${text} ${unit}`;
}

/** A total energy (stored in Eh). */
export function formatTotalEnergy(valueEh: number | null | undefined, display: QuantityDisplay, options: FormatOptions = {}): string {
  const { unit, precision } = display.totalEnergy;
  return show(valueEh, options, (v) => [fixed(convertEnergy(v, unit), precision), ENERGY_UNIT_LABELS[unit]]);
}

/** An orbital energy, HOMO, LUMO or gap (stored in eV). */
export function formatOrbital(valueEv: number | null | undefined, display: QuantityDisplay, options: FormatOptions = {}): string {
  const { unit, precision } = display.orbitalEnergy;
  return show(valueEv, options, (v) => [fixed(convertEnergy(v / HARTREE_TO_EV, unit), precision), ENERGY_UNIT_LABELS[unit]]);
}

/** A thermochemical energy: ZPE, H(T), G(T), T·S or their totals (stored in Eh). */
export function formatThermochemistry(valueEh: number | null | undefined, display: QuantityDisplay, options: FormatOptions = {}): string {
  const { unit, precision } = display.thermochemistry;
  return show(valueEh, options, (v) => [fixed(convertEnergy(v, unit), precision), ENERGY_UNIT_LABELS[unit]]);
}

/** J per thermochemical calorie. */
export const CAL_TO_J = 4.184;

/**
 * An entropy or heat capacity (xtb prints cal/(mol·K)): in J/(mol·K) when thermochemistry is shown
 * in kJ/mol, else in cal/(mol·K). Two decimals, as xtb prints them.
 */
export function formatEntropy(valueCalPerMolK: number | null | undefined, display: QuantityDisplay, options: FormatOptions = {}): string {
  const joules = display.thermochemistry.unit === 'kj_mol';
  return show(valueCalPerMolK, options, (v) => (joules ? [fixed(v * CAL_TO_J, 2), 'J/(mol·K)'] : [fixed(v, 2), 'cal/(mol·K)']));
}

/** A dipole moment in Debye. */
export function formatDipole(valueDebye: number | null | undefined, display: QuantityDisplay, options: FormatOptions = {}): string {
  return show(valueDebye, options, (v) => [fixed(v, display.dipole.precision), 'D']);
}
