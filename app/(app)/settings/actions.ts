'use server';

import { cookies } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { ActionError, authedAction } from '@/lib/actions/safe-action';
import { createApiKey, ApiKeyError, revokeApiKey } from '@/lib/api-keys/api-keys';
import { PreferencesError, updatePreferences } from '@/lib/preferences/preferences-store';
import { THEME_COOKIE, THEME_COOKIE_MAX_AGE, type Theme } from '@/lib/theme/theme';
import { createApiKeySchema, revokeApiKeySchema } from '@/lib/validation/api-keys';
import { preferencesFormSchema } from '@/lib/validation/preferences';

async function setThemeCookie(theme: Theme) {
  // Read by the root layout and the inline head script to set the theme before the first paint.
  (await cookies()).set(THEME_COOKIE, theme, { path: '/', maxAge: THEME_COOKIE_MAX_AGE, sameSite: 'lax', httpOnly: false });
}

/** Every role has preferences. */
export const savePreferences = authedAction({ schema: preferencesFormSchema }, async (input, user) => {
  try {
    const preferences = await updatePreferences(user.claims, input);
    await setThemeCookie(preferences.theme);
    revalidatePath('/', 'layout'); // units and precision show everywhere
    return preferences;
  } catch (error) {
    if (error instanceof PreferencesError) throw new ActionError(error.message);
    throw error;
  }
});

/** Every role may create keys: a key has its owner's rights and no more (see lib/api-keys). */
export const createKey = authedAction({ schema: createApiKeySchema }, async (input, user) => {
  try {
    return await createApiKey(user.claims, input);
  } catch (error) {
    if (error instanceof ApiKeyError) throw new ActionError(error.message);
    throw error;
  }
});

export const revokeKey = authedAction({ schema: revokeApiKeySchema }, async ({ id }, user) => {
  if (!(await revokeApiKey(user.claims, id))) throw new ActionError('That key does not exist or is already revoked.');
  return { id, revokedAt: new Date().toISOString() };
});
