// User preferences: one schema shared by the settings form and its action. Calculation defaults are
// the same fields (and rules) as the editor's calculation parameters.
import { z } from 'zod';
import { calculationParamsSchema, DEFAULT_CALCULATION_PARAMS, type CalculationParams } from './calculation.ts';
import { ENERGY_UNITS, type EnergyUnit } from '../units/format-energy.ts';
import { THEMES, type Theme } from '../theme/theme.ts';
import { DEFAULT_QUANTITY_DISPLAY, MAX_DISPLAY_PRECISION, type QuantityDisplay } from '../units/quantity-display.ts';

/** The interface is English for now; the language is stored for translations and notifications. */
export const LANGUAGES = [
  ['en', 'English'],
  ['de', 'Deutsch'],
  ['fr', 'Français'],
  ['es', 'Español'],
  ['it', 'Italiano'],
  ['pt', 'Português'],
  ['ja', '日本語'],
  ['zh', '中文'],
] as const;
export const LANGUAGE_CODES = LANGUAGES.map(([code]) => code) as [string, ...string[]];

export const MAX_PRECISION = 12;

export interface Preferences {
  /** Total energies' unit and decimals (also `quantityDisplay.totalEnergy`; the list pages read these). */
  energyUnit: EnergyUnit;
  precision: number;
  /** Unit and decimals per kind of quantity: total energy, orbital energies and gap, thermochemistry, dipole. */
  quantityDisplay: QuantityDisplay;
  theme: Theme;
  language: string;
  calculationDefaults: CalculationParams;
  notifications: {
    onCompletion: boolean;
    onFailure: boolean;
    email: boolean;
    webhookEnabled: boolean;
    /** Whether a webhook URL is stored; the URL itself never leaves the server. */
    webhookConfigured: boolean;
  };
}

export const DEFAULT_PREFERENCES: Preferences = {
  energyUnit: 'hartree',
  precision: 6,
  quantityDisplay: DEFAULT_QUANTITY_DISPLAY,
  theme: 'system',
  language: 'en',
  calculationDefaults: DEFAULT_CALCULATION_PARAMS,
  notifications: { onCompletion: true, onFailure: true, email: false, webhookEnabled: false, webhookConfigured: false },
};

const checkbox = z
  .union([z.boolean(), z.literal('on'), z.literal('true'), z.literal('false'), z.literal('')])
  .optional()
  .transform((v) => v === true || v === 'on' || v === 'true');

export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2048, 'At most 2048 characters.')
  .refine((value) => {
    try {
      const url = new URL(value);
      if (url.username || url.password) return false;
      if (url.protocol === 'https:') return true;
      // Plain http only to this machine (local testing); anything leaving it must be encrypted.
      return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    } catch {
      return false;
    }
  }, 'Enter an https:// URL (http:// only for localhost), without user name or password.');

const displayDecimals = z.coerce
  .number('Enter a number of decimal places.')
  .int('Decimal places must be a whole number.')
  .min(0, 'At least 0 decimal places.')
  .max(MAX_DISPLAY_PRECISION, `At most ${MAX_DISPLAY_PRECISION} decimal places.`);

const paramKeys = Object.keys(calculationParamsSchema.shape) as (keyof CalculationParams)[];

export const preferencesFormSchema = z
  .object({
    energyUnit: z.enum(ENERGY_UNITS, 'Choose Hartree, eV, kcal/mol or kJ/mol.'),
    precision: z.coerce
      .number('Enter a number of decimal places.')
      .int('Decimal places must be a whole number.')
      .min(0, 'At least 0 decimal places.')
      .max(MAX_PRECISION, `At most ${MAX_PRECISION} decimal places.`),
    // Orbital energies, thermochemistry and dipoles: left out, each keeps its default.
    orbitalEnergyUnit: z.enum(ENERGY_UNITS, 'Choose Hartree, eV, kcal/mol or kJ/mol.').default(DEFAULT_QUANTITY_DISPLAY.orbitalEnergy.unit),
    orbitalEnergyPrecision: displayDecimals.default(DEFAULT_QUANTITY_DISPLAY.orbitalEnergy.precision),
    thermochemistryUnit: z.enum(ENERGY_UNITS, 'Choose Hartree, eV, kcal/mol or kJ/mol.').default(DEFAULT_QUANTITY_DISPLAY.thermochemistry.unit),
    thermochemistryPrecision: displayDecimals.default(DEFAULT_QUANTITY_DISPLAY.thermochemistry.precision),
    dipolePrecision: displayDecimals.default(DEFAULT_QUANTITY_DISPLAY.dipole.precision),
    theme: z.enum(THEMES, 'Choose light, dark or system.'),
    language: z.enum(LANGUAGE_CODES, 'Choose a language from the list.'),
    ...calculationParamsSchema.shape,
    notifyOnCompletion: checkbox,
    notifyOnFailure: checkbox,
    emailNotifications: checkbox,
    webhookEnabled: checkbox,
    /** keep the stored URL, replace it with `webhookUrl`, or remove it. */
    webhookAction: z.enum(['keep', 'replace', 'remove']).default('keep'),
    webhookUrl: z.string().max(4096).optional(),
  })
  .transform((v, ctx) => {
    const params = calculationParamsSchema.safeParse(Object.fromEntries(paramKeys.map((k) => [k, v[k]])));
    if (!params.success) {
      for (const issue of params.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
      return z.NEVER;
    }
    let webhookUrl: string | undefined;
    if (v.webhookAction === 'replace') {
      const url = webhookUrlSchema.safeParse(v.webhookUrl ?? '');
      if (!url.success) {
        ctx.addIssue({ code: 'custom', path: ['webhookUrl'], message: url.error.issues[0]?.message ?? 'Enter a valid URL.' });
        return z.NEVER;
      }
      webhookUrl = url.data;
    }
    const calculationDefaults: CalculationParams = {
      ...params.data,
      solvent: params.data.solvationModel === 'none' ? undefined : params.data.solvent,
    };
    return {
      energyUnit: v.energyUnit,
      precision: v.precision,
      quantityDisplay: {
        totalEnergy: { unit: v.energyUnit, precision: v.precision },
        orbitalEnergy: { unit: v.orbitalEnergyUnit, precision: v.orbitalEnergyPrecision },
        thermochemistry: { unit: v.thermochemistryUnit, precision: v.thermochemistryPrecision },
        dipole: { precision: v.dipolePrecision },
      } satisfies QuantityDisplay,
      theme: v.theme,
      language: v.language,
      calculationDefaults,
      notifications: {
        onCompletion: v.notifyOnCompletion,
        onFailure: v.notifyOnFailure,
        email: v.emailNotifications,
        webhookEnabled: v.webhookEnabled && v.webhookAction !== 'remove',
      },
      webhook: v.webhookAction === 'replace' ? { action: 'replace' as const, url: webhookUrl! } : { action: v.webhookAction },
    };
  });

export type PreferencesInput = z.output<typeof preferencesFormSchema>;
