'use server';

import { isAuthApiError, isAuthSessionMissingError } from '@supabase/supabase-js';
import { createClient } from '@/lib/supabase/server';
import { fieldErrorsOf, formDataToObject } from '@/lib/actions/safe-action';
import { forgotPasswordSchema, resetPasswordSchema } from '@/lib/validation/auth';
import { clientAddress, refuseAttempt, retryAfterOf, waitInWords } from '@/lib/auth/sign-in-limits';
import type { AuthFormState } from './actions';

/**
 * Asks the auth server to mail a reset link. Whether the address has an account or not, the answer
 * is the same (ok): the page must not tell who has an account here.
 */
export async function requestPasswordReset(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const raw = formDataToObject(formData) as Record<string, string>;
  const values = { email: raw.email ?? '' };
  const parsed = forgotPasswordSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: 'Please correct the highlighted fields.', fieldErrors: fieldErrorsOf(parsed.error), values };
  const address = await clientAddress();
  const refused = refuseAttempt(address);
  if (refused) return { ok: false, message: refused, values };
  const supabase = await createClient({ forwardedFor: address });
  const { error } = await supabase.auth.resetPasswordForEmail(parsed.data.email);
  if (error) {
    // The per-address mail limit counts addresses without an account too, so saying so tells nothing.
    if (isAuthApiError(error) && (error.code === 'over_email_send_rate_limit' || error.code === 'over_request_rate_limit')) {
      return { ok: false, message: `Too many reset links were asked for. Try again in ${waitInWords(retryAfterOf(error))}.`, values };
    }
    if (isAuthApiError(error) && error.code === 'validation_failed') return { ok: false, message: 'Enter a valid e-mail address.', values };
    return { ok: false, message: 'The reset link could not be sent right now. Please try again in a moment.', values };
  }
  return { ok: true, data: null, values };
}

/** Sets the new password for the session the reset link opened, and signs every other session out. */
export async function updatePassword(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const raw = formDataToObject(formData) as Record<string, string>;
  const parsed = resetPasswordSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: 'Please correct the highlighted fields.', fieldErrors: fieldErrorsOf(parsed.error) };
  const supabase = await createClient();
  const { error } = await supabase.auth.updateUser({ password: parsed.data.password });
  if (error) {
    if (isAuthSessionMissingError(error) || (isAuthApiError(error) && error.status === 401)) {
      return { ok: false, message: 'Your session has ended. Ask for a new reset link.' };
    }
    if (isAuthApiError(error) && error.code === 'same_password') {
      return { ok: false, message: 'Choose a password different from your current one.', fieldErrors: { password: ['Choose a different password.'] } };
    }
    if (isAuthApiError(error) && error.code === 'weak_password') return { ok: false, message: 'This password is too weak. Use at least 8 characters.' };
    return { ok: false, message: 'The new password could not be saved right now. Please try again in a moment.' };
  }
  // Whoever knew the old password is signed out everywhere else (the auth server does this on a
  // password change too; asking again costs one request and does not depend on it).
  await supabase.auth.signOut({ scope: 'others' }).catch(() => undefined);
  return { ok: true, data: null };
}
