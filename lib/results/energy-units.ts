// Energy conversions for display and for filters typed in the user's unit. Stored values: total
// energies in Hartree, orbital energies (HOMO, LUMO, gap) in eV.
export type EnergyUnit = 'hartree' | 'ev' | 'kcal_mol';

export const EV_PER_HARTREE = 27.211386245988;
export const KCAL_MOL_PER_HARTREE = 627.5094740631;

export const ENERGY_UNIT_LABELS: Record<EnergyUnit, string> = { hartree: 'Eh', ev: 'eV', kcal_mol: 'kcal/mol' };

export function hartreeTo(unit: EnergyUnit, hartree: number): number {
  return unit === 'hartree' ? hartree : unit === 'ev' ? hartree * EV_PER_HARTREE : hartree * KCAL_MOL_PER_HARTREE;
}

export function toHartree(unit: EnergyUnit, value: number): number {
  return unit === 'hartree' ? value : unit === 'ev' ? value / EV_PER_HARTREE : value / KCAL_MOL_PER_HARTREE;
}

export function evTo(unit: EnergyUnit, ev: number): number {
  return hartreeTo(unit, ev / EV_PER_HARTREE);
}

export function toEv(unit: EnergyUnit, value: number): number {
  return toHartree(unit, value) * EV_PER_HARTREE;
}

export function formatNumber(value: number | null | undefined, precision: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toFixed(Math.max(0, Math.min(12, precision))).replace(/^-(0\.?0*)$/, '$1');
}

/** A total energy (Hartree) in the user's unit, e.g. "-42.123456 Eh". */
export function formatTotalEnergy(hartree: number | null | undefined, unit: EnergyUnit, precision: number): string {
  if (hartree === null || hartree === undefined) return '—';
  return `${formatNumber(hartreeTo(unit, hartree), precision)} ${ENERGY_UNIT_LABELS[unit]}`;
}

/** An orbital energy or gap (eV) in the user's unit. */
export function formatOrbital(ev: number | null | undefined, unit: EnergyUnit, precision: number): string {
  if (ev === null || ev === undefined) return '—';
  return `${formatNumber(evTo(unit, ev), precision)} ${ENERGY_UNIT_LABELS[unit]}`;
}
