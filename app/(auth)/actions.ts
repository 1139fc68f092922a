'use server';

import { redirect } from 'next/navigation';
import { isAuthApiError } from '@supabase/supabase-js';
import { createClient } from '@/lib/supabase/server';
import { safeNextPath } from '@/lib/auth/paths';
import { fieldErrorsOf, formDataToObject, type ActionResult } from '@/lib/actions/safe-action';
import { signInSchema, signUpSchema } from '@/lib/validation/auth';
import { loadUiState } from '@/lib/ui-state/session-store';
import { resumePath } from '@/lib/ui-state/resume-path';
import { clientAddress, recordFailedSignIn, refuseAttempt, retryAfterOf, waitInWords } from '@/lib/auth/sign-in-limits';

export type AuthFormState = (ActionResult<null> & { values?: Record<string, string> }) | null;

function describeAuthError(error: unknown): string {
  if (isAuthApiError(error)) {
    switch (error.code) {
      case 'invalid_credentials':
        // The same words for an unknown e-mail and a wrong password (the auth server takes the same time too).
        return 'Wrong e-mail or password.';
      case 'user_already_exists':
      case 'email_exists':
        return 'An account with this e-mail already exists. Sign in instead.';
      case 'weak_password':
        return 'This password is too weak. Use at least 8 characters.';
      case 'validation_failed':
        return 'Enter a valid e-mail address.';
      case 'over_request_rate_limit':
        return `Too many attempts. Try again in ${waitInWords(retryAfterOf(error))}.`;
      default:
        return error.message || 'Sign-in failed.';
    }
  }
  return 'The sign-in service is not reachable right now. Please try again in a moment.';
}

/** A server client whose calls to the auth server carry the visitor's address (its rate limits are per address). */
async function authClient(address: string) {
  return createClient({ forwardedFor: address });
}

export async function signIn(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const raw = formDataToObject(formData) as Record<string, string>;
  const values = { email: raw.email ?? '' };
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: 'Please correct the highlighted fields.', fieldErrors: fieldErrorsOf(parsed.error), values };
  const address = await clientAddress();
  const refused = refuseAttempt(address, parsed.data.email);
  if (refused) return { ok: false, message: refused, values };
  const supabase = await authClient(address);
  const { data, error } = await supabase.auth.signInWithPassword({ email: parsed.data.email, password: parsed.data.password });
  if (error) {
    if (isAuthApiError(error) && error.code === 'invalid_credentials') recordFailedSignIn(parsed.data.email);
    return { ok: false, message: describeAuthError(error), values };
  }
  if (parsed.data.next) redirect(safeNextPath(parsed.data.next));
  // No target: resume where this account left off, on whichever device that was.
  const saved = await loadUiState({ sub: data.user.id, role: 'authenticated', email: data.user.email }).catch(() => null);
  redirect(saved ? resumePath(saved.state) : '/editor');
}

export async function signUp(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const raw = formDataToObject(formData) as Record<string, string>;
  const values = { email: raw.email ?? '', displayName: raw.displayName ?? '' };
  const parsed = signUpSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: 'Please correct the highlighted fields.', fieldErrors: fieldErrorsOf(parsed.error), values };
  const address = await clientAddress();
  const refused = refuseAttempt(address);
  if (refused) return { ok: false, message: refused, values };
  const supabase = await authClient(address);
  const { data, error } = await supabase.auth.signUp({
    email: parsed.data.email,
    password: parsed.data.password,
    options: { data: { display_name: parsed.data.displayName } },
  });
  if (error) return { ok: false, message: describeAuthError(error), values };
  if (!data.session) return { ok: true, data: null }; // confirmation e-mail required (hosted projects)
  redirect('/editor');
}

export async function signOut(formData: FormData): Promise<void> {
  const supabase = await createClient();
  const scope = formData.get('scope') === 'global' ? 'global' : 'local';
  await supabase.auth.signOut({ scope });
  redirect('/sign-in');
}
