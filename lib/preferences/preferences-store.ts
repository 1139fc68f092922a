// Data access for `user_preferences` under the user's RLS. The webhook URL is encrypted here, before
// it reaches the database, and only decrypted for delivery (service side); DTOs never carry it.
import 'server-only';
import { asUser, type JwtClaims, type Queryable } from '../db/as-user.ts';
import { asService } from '../db/service.ts';
import { UserError } from '../errors/user-error.ts';
import { decryptSecret, encryptSecret } from '../crypto/secret-box.ts';
import { calculationParamsSchema, DEFAULT_CALCULATION_PARAMS } from '../calculations/parameters.ts';
import { DEFAULT_PREFERENCES, type Preferences, type PreferencesInput } from '../validation/preferences.ts';
import { ENERGY_UNITS, type EnergyUnit } from '../units/format-energy.ts';
import { parseTheme } from '../theme/theme.ts';
import { resolveWebhookTarget, WebhookUrlError } from '../webhooks/address-policy.ts';
import { resolveQuantityDisplay } from '../units/quantity-display.ts';

export class PreferencesError extends UserError {
  constructor(message: string, fieldErrors?: Record<string, string[]>) {
    super('INVALID_INPUT', message, fieldErrors);
    this.name = 'PreferencesError';
  }
}

interface PreferencesRow {
  energy_unit: string;
  display_precision: number;
  quantity_display: unknown;
  theme: string;
  language: string;
  calculation_defaults: unknown;
  notify_on_completion: boolean;
  notify_on_failure: boolean;
  email_notifications: boolean;
  webhook_enabled: boolean;
  webhook_configured: boolean;
}

/** Associated data for the webhook ciphertext: it decrypts only for its owner and purpose. */
function webhookAad(userId: string): string {
  return `user_preferences.webhook_url:${userId}`;
}

function toPreferences(row: PreferencesRow | undefined): Preferences {
  if (!row) return DEFAULT_PREFERENCES;
  // Defaults saved by an older version may lack a field or break a newer rule: fall back per field.
  const stored = row.calculation_defaults && typeof row.calculation_defaults === 'object' ? row.calculation_defaults : {};
  const merged = calculationParamsSchema.safeParse({ ...DEFAULT_CALCULATION_PARAMS, ...stored });
  const energyUnit = (ENERGY_UNITS as readonly string[]).includes(row.energy_unit) ? (row.energy_unit as EnergyUnit) : DEFAULT_PREFERENCES.energyUnit;
  return {
    energyUnit,
    precision: row.display_precision,
    // Total energies keep the single unit and precision columns (the list pages read them); the
    // other kinds live in quantity_display, each falling back to its default.
    quantityDisplay: resolveQuantityDisplay(otherKinds(row.quantity_display), { energyUnit, precision: row.display_precision }),
    theme: parseTheme(row.theme) ?? 'system',
    language: row.language,
    calculationDefaults: merged.success ? merged.data : DEFAULT_CALCULATION_PARAMS,
    notifications: {
      onCompletion: row.notify_on_completion,
      onFailure: row.notify_on_failure,
      email: row.email_notifications,
      webhookEnabled: row.webhook_enabled,
      webhookConfigured: row.webhook_configured,
    },
  };
}

/** quantity_display without a total-energy entry: energy_unit and display_precision are its one source. */
function otherKinds(stored: unknown): Record<string, unknown> {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return {};
  const { totalEnergy: _ignored, ...rest } = stored as Record<string, unknown>;
  return rest;
}

const SELECT_PREFERENCES = `select energy_unit, display_precision, quantity_display, theme, language, calculation_defaults, notify_on_completion,
       notify_on_failure, email_notifications, webhook_enabled, webhook_url_ciphertext is not null as webhook_configured
  from public.user_preferences where user_id = (select auth.uid())`;

export async function loadPreferencesWith(db: Queryable): Promise<Preferences> {
  const { rows } = await db.query<PreferencesRow>(SELECT_PREFERENCES);
  return toPreferences(rows[0]);
}

export function loadPreferences(claims: JwtClaims): Promise<Preferences> {
  return asUser(claims, loadPreferencesWith);
}

/** Saves the caller's preferences; returns them as the browser may see them. */
export async function updatePreferences(claims: JwtClaims, input: PreferencesInput): Promise<Preferences> {
  const userId = claims.sub;
  if (input.webhook.action === 'replace') await assertWebhookUrlAllowed(input.webhook.url);
  const ciphertext = input.webhook.action === 'replace' ? encryptSecret(input.webhook.url, webhookAad(userId)) : null;
  return asUser(claims, async (db) => {
    const current = await db.query<{ configured: boolean }>(
      'select webhook_url_ciphertext is not null as configured from public.user_preferences where user_id = (select auth.uid()) for update',
    );
    const configuredAfter = input.webhook.action === 'replace' ? true : input.webhook.action === 'remove' ? false : Boolean(current.rows[0]?.configured);
    if (input.notifications.webhookEnabled && !configuredAfter) {
      throw new PreferencesError('Add a webhook URL before turning webhook notifications on.', {
        webhookUrl: ['Add a webhook URL before turning webhook notifications on.'],
      });
    }
    // The sign-up trigger makes the row; make sure of it, then update (CHECK constraints judge an
    // upsert's proposed insert row too, which would not know the stored ciphertext).
    await db.query('insert into public.user_preferences (user_id) values ((select auth.uid())) on conflict (user_id) do nothing');
    // $10: 'keep' leaves the stored ciphertext, 'replace' writes $11, 'remove' clears it.
    await db.query(
      `update public.user_preferences set
          energy_unit = $1, display_precision = $2, theme = $3, language = $4, calculation_defaults = $5,
          notify_on_completion = $6, notify_on_failure = $7, email_notifications = $8, webhook_enabled = $9,
          webhook_url_ciphertext = case $10::text when 'keep' then webhook_url_ciphertext when 'replace' then $11 else null end,
          quantity_display = $12
        where user_id = (select auth.uid())`,
      [
        input.energyUnit,
        input.precision,
        input.theme,
        input.language,
        JSON.stringify(input.calculationDefaults),
        input.notifications.onCompletion,
        input.notifications.onFailure,
        input.notifications.email,
        input.notifications.webhookEnabled,
        input.webhook.action,
        ciphertext,
        JSON.stringify(otherKinds(input.quantityDisplay)),
      ],
    );
    return loadPreferencesWith(db);
  });
}

/**
 * The clear webhook URL for the notifier (service side, never for a page): null when none is stored
 * or webhooks are off.
 */
export async function getWebhookForDelivery(userId: string): Promise<{ url: string; onCompletion: boolean; onFailure: boolean } | null> {
  const row = await asService(async (db) => {
    const { rows } = await db.query<{
      webhook_url_ciphertext: string | null;
      webhook_enabled: boolean;
      notify_on_completion: boolean;
      notify_on_failure: boolean;
    }>('select webhook_url_ciphertext, webhook_enabled, notify_on_completion, notify_on_failure from public.user_preferences where user_id = $1', [userId]);
    return rows[0];
  });
  if (!row?.webhook_enabled || !row.webhook_url_ciphertext) return null;
  return { url: decryptSecret(row.webhook_url_ciphertext, webhookAad(userId)), onCompletion: row.notify_on_completion, onFailure: row.notify_on_failure };
}

/**
 * The SSRF rule at save time (lib/webhooks/address-policy.ts; checked again before every send). A
 * name that does not resolve now is accepted: the delivery checks it again when it sends.
 */
async function assertWebhookUrlAllowed(url: string): Promise<void> {
  try {
    await resolveWebhookTarget(url);
  } catch (error) {
    if (!(error instanceof WebhookUrlError)) throw error;
    if (error.transient) return;
    throw new PreferencesError(error.message, { webhookUrl: [error.message] });
  }
}

/** The clear webhook URL and whether webhooks are on (the delivery worker; never for a page). */
export async function getWebhookTarget(userId: string): Promise<{ url: string; enabled: boolean } | null> {
  const row = await asService(async (db) => {
    const { rows } = await db.query<{ webhook_url_ciphertext: string | null; webhook_enabled: boolean }>(
      'select webhook_url_ciphertext, webhook_enabled from public.user_preferences where user_id = $1',
      [userId],
    );
    return rows[0];
  });
  if (!row?.webhook_url_ciphertext) return null;
  return { url: decryptSecret(row.webhook_url_ciphertext, webhookAad(userId)), enabled: row.webhook_enabled };
}
