// Shared by the webhook tests: the preferences form as the settings page submits it, and saving a
// user's webhook URL (switched on) through it.
import type { JwtClaims } from '../db/as-user.ts';
import { DEFAULT_CALCULATION_PARAMS } from '../calculations/parameters.ts';
import { updatePreferences } from '../preferences/preferences-store.ts';
import { preferencesFormSchema } from '../validation/preferences.ts';

export function preferencesForm(overrides: Record<string, unknown>) {
  return preferencesFormSchema.parse({
    energyUnit: 'hartree',
    precision: '6',
    theme: 'system',
    language: 'en',
    ...Object.fromEntries(Object.entries(DEFAULT_CALCULATION_PARAMS).map(([k, v]) => [k, String(v ?? '')])),
    notifyOnCompletion: 'on',
    notifyOnFailure: 'on',
    ...overrides,
  });
}

export async function saveWebhookUrl(user: { claims: JwtClaims }, url: string): Promise<void> {
  await updatePreferences(user.claims, preferencesForm({ webhookAction: 'replace', webhookUrl: url, webhookEnabled: 'on' }));
}
