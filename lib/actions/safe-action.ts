// The one wrapper for server actions: parse with zod, authenticate, check the permission, act, and
// map every failure to a small result the form can show. A UserError thrown anywhere below keeps
// its words and field messages; anything else is logged and hidden (raw database errors never
// reach the browser).
import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { getCurrentUser, type CurrentUser } from '../auth/require-user.ts';
import { can, PERMISSION_DENIED_MESSAGE, type Permission } from '../auth/permissions.ts';
import { isUserError, type FieldErrors } from '../errors/user-error.ts';

export type ActionResult<T> = { ok: true; data: T } | { ok: false; message: string; fieldErrors?: FieldErrors };

export const INVALID_FIELDS_MESSAGE = 'Please correct the highlighted fields.';
export const SESSION_ENDED_MESSAGE = 'Your session has ended. Please sign in again.';
export const UNEXPECTED_FAILURE_MESSAGE = 'Something went wrong on our side. Nothing was changed; please try again.';

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
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

/**
 * What a failed action tells the form. redirect()/notFound() and Next's other control-flow errors
 * are thrown on (Next must see them); a UserError keeps its message and field errors; anything
 * else is a bug: logged, and answered with a generic sentence.
 */
export function actionFailure(error: unknown): { ok: false; message: string; fieldErrors?: FieldErrors } {
  unstable_rethrow(error);
  if (isUserError(error)) {
    return Object.keys(error.fieldErrors).length
      ? { ok: false, message: error.message, fieldErrors: error.fieldErrors }
      : { ok: false, message: error.message };
  }
  console.error('server action failed', error);
  return { ok: false, message: UNEXPECTED_FAILURE_MESSAGE };
}

/**
 * `permission` is required: every action says what it needs (lib/auth/permissions.ts), even when
 * every role has it. Row-level security checks the data again underneath.
 */
export function authedAction<S extends z.ZodType, T>(
  options: { schema: S; permission: Permission },
  handler: (input: z.infer<S>, user: CurrentUser) => Promise<T>,
): (input: unknown) => Promise<ActionResult<T>> {
  return async (raw) => {
    const parsed = options.schema.safeParse(formDataToObject(raw));
    if (!parsed.success) return { ok: false, message: INVALID_FIELDS_MESSAGE, fieldErrors: fieldErrorsOf(parsed.error) };
    const user = await getCurrentUser();
    if (!user) return { ok: false, message: SESSION_ENDED_MESSAGE };
    if (!can(user, options.permission)) return { ok: false, message: PERMISSION_DENIED_MESSAGE };
    try {
      return { ok: true, data: await handler(parsed.data, user) };
    } catch (error) {
      return actionFailure(error);
    }
  };
}
