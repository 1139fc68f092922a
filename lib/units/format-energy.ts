// Energies in the user's units and precision. xtb reports total energies in Hartree (Eh) and orbital
// energies (HOMO, LUMO, gap) in eV; both convert with CODATA 2018 factors.
export const ENERGY_UNITS = ['hartree', 'ev', 'kcal_mol', 'kj_mol'] as const;
export type EnergyUnit = (typeof ENERGY_UNITS)[number];

/** eV per Hartree (CODATA 2018). */
export const HARTREE_TO_EV = 27.211386245988;
/** kcal/mol per Hartree (CODATA 2018, thermochemical calorie). */
export const HARTREE_TO_KCAL_MOL = 627.5094740631;
/** kJ/mol per Hartree (CODATA 2018). */
export const HARTREE_TO_KJ_MOL = 2625.4996394799;

export const ENERGY_UNIT_LABELS: Record<EnergyUnit, string> = { hartree: 'Eh', ev: 'eV', kcal_mol: 'kcal/mol', kj_mol: 'kJ/mol' };
export const ENERGY_UNIT_NAMES: Record<EnergyUnit, string> = { hartree: 'Hartree (Eh)', ev: 'electronvolt (eV)', kcal_mol: 'kcal/mol', kj_mol: 'kJ/mol' };

export function convertEnergy(valueHartree: number, unit: EnergyUnit): number {
  switch (unit) {
    case 'hartree':
      return valueHartree;
    case 'ev':
      return valueHartree * HARTREE_TO_EV;
    case 'kcal_mol':
      return valueHartree * HARTREE_TO_KCAL_MOL;
    case 'kj_mol':
      return valueHartree * HARTREE_TO_KJ_MOL;
  }
}

export interface FormatOptions {
  /** Append the unit label (default true). */
  withUnit?: boolean;
  /** Shown for null, undefined and non-finite values (default an em dash). */
  missing?: string;
}

function format(value: number | null | undefined, unit: EnergyUnit, precision: number, options: FormatOptions, convert: (v: number) => number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return options.missing ?? '—';
  const digits = Math.min(12, Math.max(0, Math.trunc(precision)));
  let text = convert(value).toFixed(digits);
  if (/^-0\.?0*$/.test(text)) text = text.slice(1); // no "-0.000"
  return options.withUnit === false ? text : `${text} ${ENERGY_UNIT_LABELS[unit]}`;
}

/** A Hartree-native energy (total energy, reaction energies) in `unit` with `precision` decimals. */
export function formatEnergy(valueHartree: number | null | undefined, unit: EnergyUnit, precision: number, options: FormatOptions = {}): string {
  return format(valueHartree, unit, precision, options, (v) => convertEnergy(v, unit));
}

/** An eV-native energy (HOMO, LUMO, HOMO–LUMO gap, orbital levels) in `unit` with `precision` decimals. */
export function formatOrbitalEnergy(valueEv: number | null | undefined, unit: EnergyUnit, precision: number, options: FormatOptions = {}): string {
  return format(valueEv, unit, precision, options, (v) => convertEnergy(v / HARTREE_TO_EV, unit));
}
