// The one wrapper for server actions: parse with zod, authenticate, check the permission, act, and
// map every failure to a small result the form can show. A UserError thrown anywhere below keeps
// its words and field messages; anything else is logged and hidden (raw database errors never
// reach the browser). Every call is recorded in api_usage_logs (endpoint `action:<name>`, through the
// batched logger, after the answer is known), and every refusal — a role without the permission, or
// an id answered "not found" — in the audit log.
import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { getCurrentUser, type CurrentUser } from '../auth/require-user.ts';
import { can, PERMISSION_DENIED_MESSAGE, type Permission } from '../auth/permissions.ts';
import { isUserError, USER_ERROR_STATUS, type FieldErrors } from '../errors/user-error.ts';
import { recordDenied } from '../admin/audit-log.ts';
import { usageLog } from '../metrics/usage-log.ts';
import { NUL_CHARACTER_MESSAGE, pathOfNulCharacter } from '../validation/nul-characters.ts';

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

/** The HTTP status an action's result stands for, so actions and route handlers share one latency/error view. */
function statusOf(result: ActionResult<unknown>, error?: unknown): number {
  if (result.ok) return 200;
  if (isUserError(error)) return USER_ERROR_STATUS[error.code];
  if (result.message === INVALID_FIELDS_MESSAGE) return 422;
  if (result.message === SESSION_ENDED_MESSAGE) return 401;
  if (result.message === PERMISSION_DENIED_MESSAGE) return 403;
  return 500;
}

/**
 * `permission` is required: every action says what it needs (lib/auth/permissions.ts), even when
 * every role has it. Row-level security checks the data again underneath. `name` labels the action
 * in the usage and audit logs (default: the permission).
 */
export function authedAction<S extends z.ZodType, T>(
  options: { schema: S; permission: Permission; name?: string },
  handler: (input: z.infer<S>, user: CurrentUser) => Promise<T>,
): (input: unknown) => Promise<ActionResult<T>> {
  return authedActionFor(getCurrentUser, options, handler);
}

/** authedAction with the way to find the signed-in user given (the request's cookies in the app; tests pass their user). */
export function authedActionFor<S extends z.ZodType, T>(
  currentUser: () => Promise<CurrentUser | null>,
  options: { schema: S; permission: Permission; name?: string },
  handler: (input: z.infer<S>, user: CurrentUser) => Promise<T>,
): (input: unknown) => Promise<ActionResult<T>> {
  const name = options.name ?? options.permission;
  return async (raw) => {
    const started = performance.now();
    let userId: string | null = null;
    let thrown: unknown;
    const finish = (result: ActionResult<T>): ActionResult<T> => {
      const status = statusOf(result, thrown);
      usageLog().log({
        userId,
        endpoint: `action:${name}`,
        method: 'POST',
        statusCode: status,
        responseTimeMs: performance.now() - started,
        errorMessage: result.ok ? null : result.message,
      });
      return result;
    };
    const input = formDataToObject(raw);
    // No column can store U+0000: refused here with the field named, not by the database as a 500.
    const nul = pathOfNulCharacter(input);
    if (nul !== null) return finish({ ok: false, message: INVALID_FIELDS_MESSAGE, fieldErrors: { [nul]: [NUL_CHARACTER_MESSAGE] } });
    const parsed = options.schema.safeParse(input);
    if (!parsed.success) return finish({ ok: false, message: INVALID_FIELDS_MESSAGE, fieldErrors: fieldErrorsOf(parsed.error) });
    const user = await currentUser();
    if (!user) return finish({ ok: false, message: SESSION_ENDED_MESSAGE });
    userId = user.id;
    if (!can(user, options.permission)) {
      await recordDenied({ userId: user.id, action: name, entityType: 'permission', entityId: options.permission, reason: `role ${user.role} may not` });
      return finish({ ok: false, message: PERMISSION_DENIED_MESSAGE });
    }
    try {
      return finish({ ok: true, data: await handler(parsed.data, user) });
    } catch (error) {
      thrown = error;
      // "Not found" is also the answer for another user's id (RLS hides it): worth a record either way.
      if (isUserError(error) && error.code === 'NOT_FOUND') {
        await recordDenied({ userId: user.id, action: name, entityType: 'not_found', entityId: idIn(parsed.data), reason: error.message });
      }
      return finish(actionFailure(error));
    }
  };
}

/** The id an action was aimed at, when its input names one (for the audit row). */
function idIn(input: unknown): string | null {
  if (!input || typeof input !== 'object') return null;
  for (const [key, value] of Object.entries(input)) if (/id$/i.test(key) && typeof value === 'string') return value.slice(0, 200);
  return null;
}
