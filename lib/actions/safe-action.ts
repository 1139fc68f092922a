// The one wrapper for server actions: parse with zod, authenticate, authorise, act, and map every
// failure to a small result the form can show. Raw database errors never reach the browser.
import 'server-only';
import { z } from 'zod';
import { getCurrentUser, type CurrentUser, type Role } from '../auth/require-user.ts';
import { isUserError } from '../errors/user-error.ts';

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

export class ActionError extends Error {}

export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

export function formDataToObject(input: unknown): unknown {
  if (!(input instanceof FormData)) return input;
  const out: Record<string, FormDataEntryValue> = {};
  for (const [key, value] of input.entries()) if (!key.startsWith('$ACTION')) out[key] = value;
  return out;
}

export function authedAction<S extends z.ZodType, T>(
  options: { schema: S; roles?: Role[] },
  handler: (input: z.infer<S>, user: CurrentUser) => Promise<T>,
): (input: unknown) => Promise<ActionResult<T>> {
  return async (raw) => {
    const parsed = options.schema.safeParse(formDataToObject(raw));
    if (!parsed.success) {
      return { ok: false, message: 'Please correct the highlighted fields.', fieldErrors: fieldErrorsOf(parsed.error) };
    }
    const user = await getCurrentUser();
    if (!user) return { ok: false, message: 'Your session has ended. Please sign in again.' };
    if (options.roles && !options.roles.includes(user.role)) {
      return { ok: false, message: 'Your role does not allow this action.' };
    }
    try {
      return { ok: true, data: await handler(parsed.data, user) };
    } catch (error) {
      if (error instanceof ActionError) return { ok: false, message: error.message };
      if (isUserError(error)) return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
      if (isNextControlFlow(error)) throw error;
      console.error('server action failed', error);
      return { ok: false, message: 'Something went wrong on our side. Nothing was changed; please try again.' };
    }
  };
}

/** redirect()/notFound() throw special errors that Next must see. */
function isNextControlFlow(error: unknown): boolean {
  const digest = (error as { digest?: unknown } | null)?.digest;
  return typeof digest === 'string' && (digest.startsWith('NEXT_REDIRECT') || digest.startsWith('NEXT_HTTP_ERROR_FALLBACK') || digest === 'NEXT_NOT_FOUND');
}
