'use server';

import { cookies, headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { appCookieOptions, servedOverHttps } from '@/lib/http/app-cookies';
import { authedAction } from '@/lib/actions/safe-action';
import { createApiKey, revokeApiKey } from '@/lib/api-keys/api-keys';
import { UserError } from '@/lib/errors/user-error';
import { updatePreferences } from '@/lib/preferences/preferences-store';
import { THEME_COOKIE, THEME_COOKIE_MAX_AGE, type Theme } from '@/lib/theme/theme';
import { createApiKeySchema, revokeApiKeySchema } from '@/lib/validation/api-keys';
import { preferencesFormSchema } from '@/lib/validation/preferences';
import { deliveriesViewSchema, webhookActionSchema } from '@/lib/validation/webhooks';
import { enqueueTestEvent } from '@/lib/webhooks/enqueue-webhooks';
import { listDeliveries } from '@/lib/webhooks/list-deliveries';
import { rotateSigningSecret } from '@/lib/webhooks/signing-secret';

async function setThemeCookie(theme: Theme) {
  // Read by the root layout and the inline head script to set the theme before the first paint.
  // Secure over HTTPS, like every app cookie (lib/http/app-cookies.ts).
  const https = servedOverHttps(null, (await headers()).get('x-forwarded-proto'));
  (await cookies()).set(THEME_COOKIE, theme, appCookieOptions(https, { maxAge: THEME_COOKIE_MAX_AGE }));
}

// What lib/preferences and lib/api-keys refuse comes back as a UserError, which authedAction turns
// into the form's message and field errors.
export const savePreferences = authedAction({ schema: preferencesFormSchema, permission: 'preferences.update' }, async (input, user) => {
  const preferences = await updatePreferences(user.claims, input);
  await setThemeCookie(preferences.theme);
  revalidatePath('/', 'layout'); // units and precision show everywhere
  return preferences;
});

/** A key has its owner's rights and no more (see lib/api-keys), so every role may create one. */
export const createKey = authedAction({ schema: createApiKeySchema, permission: 'apiKeys.manage' }, (input, user) => createApiKey(user.claims, input));

export const revokeKey = authedAction({ schema: revokeApiKeySchema, permission: 'apiKeys.manage' }, async ({ id }, user) => {
  if (!(await revokeApiKey(user.claims, id))) throw new UserError('NOT_FOUND', 'That key does not exist or is already revoked.');
  return { id, revokedAt: new Date().toISOString() };
});

// Webhooks (lib/webhooks): the signing secret is returned once, here; deliveries are read under RLS.
export const rotateWebhookSecret = authedAction({ schema: webhookActionSchema, permission: 'preferences.update' }, (_input, user) =>
  rotateSigningSecret(user.id),
);

export const sendTestWebhook = authedAction({ schema: webhookActionSchema, permission: 'preferences.update' }, async (_input, user) => {
  await enqueueTestEvent(user.id);
  // The first unfiltered page: where the new delivery is.
  return listDeliveries(user.claims, { page: 1 });
});

/** The deliveries page the tab shows (its outcome and event filters and page number). */
export const refreshWebhookDeliveries = authedAction({ schema: deliveriesViewSchema, permission: 'preferences.update' }, (view, user) =>
  listDeliveries(user.claims, view),
);
