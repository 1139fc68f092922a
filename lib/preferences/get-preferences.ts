// The signed-in user's preferences for server components (units, precision, calculation defaults),
// read once per request. Results pages format each kind of quantity with its own unit and decimals:
//   const prefs = await getPreferences();
//   formatTotalEnergy(calc.totalEnergy, prefs.quantityDisplay)   // formatOrbital, formatThermochemistry, formatDipole
import 'server-only';
import { cache } from 'react';
import { requireUser } from '../auth/require-user.ts';
import type { Preferences } from '../validation/preferences.ts';
import { loadPreferences } from './preferences-store.ts';

export const getPreferences = cache(async (): Promise<Preferences> => {
  const user = await requireUser();
  return loadPreferences(user.claims);
});
