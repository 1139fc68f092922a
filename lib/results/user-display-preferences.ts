// The preferences the editor and result pages need: energy unit, precision and calculation
// defaults, read under the user's RLS (a missing row means the defaults).
import 'server-only';
import { asUser, type JwtClaims } from '../db/as-user.ts';
import { calculationParamsSchema, DEFAULT_CALCULATION_PARAMS, type CalculationParams } from '../validation/calculation.ts';

import type { EnergyUnit } from './energy-units.ts';
export type { EnergyUnit };

export interface DisplayPreferences {
  energyUnit: EnergyUnit;
  precision: number;
  calculationDefaults: CalculationParams;
}

export async function loadDisplayPreferences(claims: JwtClaims): Promise<DisplayPreferences> {
  const row = await asUser(claims, async (db) => {
    const { rows } = await db.query<{ energy_unit: EnergyUnit; display_precision: number; calculation_defaults: Record<string, unknown> }>(
      'select energy_unit, display_precision, calculation_defaults from public.user_preferences where user_id = (select auth.uid())',
    );
    return rows[0];
  });
  return {
    energyUnit: row?.energy_unit ?? 'hartree',
    precision: row?.display_precision ?? 6,
    calculationDefaults: mergeDefaults(row?.calculation_defaults ?? {}),
  };
}

/** Stored defaults over the built-in ones; a stored set that no longer validates is ignored. */
function mergeDefaults(stored: Record<string, unknown>): CalculationParams {
  const parsed = calculationParamsSchema.safeParse({ ...DEFAULT_CALCULATION_PARAMS, ...stored });
  return parsed.success ? parsed.data : DEFAULT_CALCULATION_PARAMS;
}
