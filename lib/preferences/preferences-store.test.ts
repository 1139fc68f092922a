// user_preferences against the real PostgreSQL: RLS, validation, and the webhook URL encrypted at
// rest and never returned to the user.
import { describe, expect, it } from 'vitest';
import { asUser } from '../db/as-user.ts';
import { createTestUser, type TestUser } from '../../supabase/tests/create-test-user.ts';
import { useSuperuserClient } from '../../supabase/tests/superuser-client.ts';
import { DEFAULT_CALCULATION_PARAMS } from '../calculations/parameters.ts';
import { DEFAULT_PREFERENCES, preferencesFormSchema } from '../validation/preferences.ts';
import { DEFAULT_QUANTITY_DISPLAY } from '../units/quantity-display.ts';
import { getWebhookForDelivery, loadPreferences, PreferencesError, updatePreferences } from './preferences-store.ts';

const WEBHOOK = 'https://hooks.example.com/services/T000/B000/very-secret-token';

function form(overrides: Record<string, unknown> = {}) {
  return preferencesFormSchema.parse({
    energyUnit: 'ev',
    precision: '4',
    theme: 'dark',
    language: 'de',
    method: 'gfn2',
    task: 'opt',
    optLevel: 'tight',
    solvationModel: 'alpb',
    solvent: 'Water',
    charge: '0',
    uhf: '0',
    etemp: '300',
    accuracy: '1',
    maxIterations: '250',
    notifyOnCompletion: 'on',
    webhookAction: 'keep',
    ...overrides,
  });
}

describe('user_preferences', () => {
  let alice: TestUser;
  let bob: TestUser;
  const admin = useSuperuserClient(async () => {
    [alice, bob] = await Promise.all([createTestUser({ label: 'alice' }), createTestUser({ label: 'bob', role: 'viewer' })]);
  });

  it('start with the defaults (a row made by the sign-up trigger)', async () => {
    expect(await loadPreferences(alice.claims)).toEqual(DEFAULT_PREFERENCES);
  });

  it('save units, precision, theme, language, defaults and switches', async () => {
    const saved = await updatePreferences(alice.claims, form());
    expect(saved).toEqual({
      energyUnit: 'ev',
      precision: 4,
      quantityDisplay: { ...DEFAULT_QUANTITY_DISPLAY, totalEnergy: { unit: 'ev', precision: 4 } },
      theme: 'dark',
      language: 'de',
      calculationDefaults: { ...DEFAULT_CALCULATION_PARAMS, optLevel: 'tight', solvationModel: 'alpb', solvent: 'water' },
      notifications: { onCompletion: true, onFailure: false, email: false, webhookEnabled: false, webhookConfigured: false },
    });
    expect(await loadPreferences(alice.claims)).toEqual(saved);
    expect((await loadPreferences(bob.claims)).energyUnit).toBe('hartree'); // Bob's own, untouched
  });

  it('save a unit and decimals per kind of quantity; total energies keep the single columns the lists read', async () => {
    const saved = await updatePreferences(
      alice.claims,
      form({
        energyUnit: 'hartree',
        precision: '7',
        orbitalEnergyUnit: 'ev',
        orbitalEnergyPrecision: '5',
        thermochemistryUnit: 'kj_mol',
        thermochemistryPrecision: '1',
        dipolePrecision: '2',
      }),
    );
    expect(saved.quantityDisplay).toEqual({
      totalEnergy: { unit: 'hartree', precision: 7 },
      orbitalEnergy: { unit: 'ev', precision: 5 },
      thermochemistry: { unit: 'kj_mol', precision: 1 },
      dipole: { precision: 2 },
    });
    expect(saved).toMatchObject({ energyUnit: 'hartree', precision: 7 });
    expect(await loadPreferences(alice.claims)).toEqual(saved);
    const { rows } = await admin.query<{ quantity_display: Record<string, unknown> }>(
      'select quantity_display from public.user_preferences where user_id = $1',
      [alice.id],
    );
    expect(rows[0]!.quantity_display).not.toHaveProperty('totalEnergy');
    await updatePreferences(alice.claims, form()); // back to what the next tests expect
  });

  it('store the webhook URL encrypted and never return it', async () => {
    const saved = await updatePreferences(alice.claims, form({ webhookAction: 'replace', webhookUrl: WEBHOOK, webhookEnabled: 'on' }));
    expect(saved.notifications).toMatchObject({ webhookEnabled: true, webhookConfigured: true });
    expect(JSON.stringify(saved)).not.toContain('hooks.example.com');

    const { rows } = await admin.query<{ webhook_url_ciphertext: string }>('select webhook_url_ciphertext from public.user_preferences where user_id = $1', [
      alice.id,
    ]);
    const ciphertext = rows[0]!.webhook_url_ciphertext;
    expect(ciphertext).not.toBe(WEBHOOK);
    expect(ciphertext).not.toContain('hooks.example.com');
    expect(ciphertext).not.toContain('very-secret-token');
    expect(ciphertext).toMatch(/^v1\./);

    // Only the delivery path (service side) sees the clear URL.
    expect(await getWebhookForDelivery(alice.id)).toEqual({ url: WEBHOOK, onCompletion: true, onFailure: false });

    // Keeping it on a later save leaves the ciphertext as it was.
    await updatePreferences(alice.claims, form({ webhookEnabled: 'on', precision: '2' }));
    const again = await admin.query<{ webhook_url_ciphertext: string }>('select webhook_url_ciphertext from public.user_preferences where user_id = $1', [
      alice.id,
    ]);
    expect(again.rows[0]!.webhook_url_ciphertext).toBe(ciphertext);

    // A ciphertext copied to another user's row does not decrypt for them.
    await admin.query('update public.user_preferences set webhook_url_ciphertext = $2, webhook_enabled = true where user_id = $1', [bob.id, ciphertext]);
    await expect(getWebhookForDelivery(bob.id)).rejects.toThrow(/does not decrypt/);
    await admin.query('update public.user_preferences set webhook_url_ciphertext = null, webhook_enabled = false where user_id = $1', [bob.id]);
  });

  it('keep other users out of a row (RLS)', async () => {
    const seen = await asUser(bob.claims, async (db) => {
      const rows = await db.query<{ user_id: string }>('select user_id from public.user_preferences');
      const update = await db.query(`update public.user_preferences set energy_unit = 'kcal_mol' where user_id = $1`, [alice.id]);
      return { ids: rows.rows.map((r) => r.user_id), updated: update.rowCount };
    });
    expect(seen).toEqual({ ids: [bob.id], updated: 0 });
    expect((await loadPreferences(alice.claims)).energyUnit).toBe('ev');
  });

  it('remove the webhook URL', async () => {
    const saved = await updatePreferences(alice.claims, form({ webhookAction: 'remove', webhookEnabled: 'on' }));
    expect(saved.notifications).toMatchObject({ webhookEnabled: false, webhookConfigured: false });
    const { rows } = await admin.query('select webhook_url_ciphertext from public.user_preferences where user_id = $1', [alice.id]);
    expect(rows[0].webhook_url_ciphertext).toBeNull();
    expect(await getWebhookForDelivery(alice.id)).toBeNull();
  });

  it('refuse webhooks switched on without a URL', async () => {
    await expect(updatePreferences(alice.claims, form({ webhookEnabled: 'on' }))).rejects.toBeInstanceOf(PreferencesError);
  });

  it('validate the form with precise messages', () => {
    const issues = (input: Record<string, unknown>) => {
      const r = preferencesFormSchema.safeParse({
        energyUnit: 'ev',
        precision: '4',
        theme: 'dark',
        language: 'en',
        method: 'gfn2',
        task: 'opt',
        optLevel: 'normal',
        solvationModel: 'none',
        charge: 0,
        uhf: 0,
        etemp: 300,
        accuracy: 1,
        maxIterations: 250,
        ...input,
      });
      return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
    };
    expect(issues({})).toEqual({});
    expect(issues({ energyUnit: 'joule' })).toHaveProperty('energyUnit');
    expect(issues({ precision: '13' })).toEqual({ precision: 'At most 12 decimal places.' });
    expect(issues({ precision: '2.5' })).toHaveProperty('precision');
    expect(issues({ orbitalEnergyPrecision: '13' })).toEqual({ orbitalEnergyPrecision: 'At most 12 decimal places.' });
    expect(issues({ thermochemistryUnit: 'joule' })).toHaveProperty('thermochemistryUnit');
    expect(issues({ theme: 'sepia' })).toHaveProperty('theme');
    expect(issues({ language: 'klingon' })).toHaveProperty('language');
    expect(issues({ solvationModel: 'alpb', solvent: '' })).toEqual({ solvent: 'Choose a solvent for implicit solvation.' });
    expect(issues({ method: 'gfnff', uhf: 1 })).toHaveProperty('uhf');
    expect(issues({ charge: 11 })).toHaveProperty('charge');
    expect(issues({ webhookAction: 'replace', webhookUrl: 'http://example.com/hook' })).toHaveProperty('webhookUrl');
    expect(issues({ webhookAction: 'replace', webhookUrl: 'https://user:pw@example.com/hook' })).toHaveProperty('webhookUrl');
    expect(issues({ webhookAction: 'replace', webhookUrl: 'javascript:alert(1)' })).toHaveProperty('webhookUrl');
    expect(issues({ webhookAction: 'replace', webhookUrl: 'http://localhost:9000/hook' })).toEqual({});
  });
});
