// One error model for everything a user can get wrong or is not allowed to do. Domain modules
// (lib/jobs, lib/calculations, lib/admin, lib/batches …) throw UserError; server actions map it to
// `{ ok: false, message, fieldErrors }` (lib/actions/safe-action.ts) and route handlers to an
// RFC 9457 problem document (lib/http/problem.ts). Anything else is a bug and is never shown as is.

export type UserErrorCode =
  | 'INVALID_INPUT'
  | 'INVALID_PARAMETERS'
  | 'METHOD_UNAVAILABLE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'NOT_CANCELLABLE'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'QUOTA_EXCEEDED';

/** The HTTP status each code answers with in route handlers. */
export const USER_ERROR_STATUS: Record<UserErrorCode, number> = {
  INVALID_INPUT: 422,
  INVALID_PARAMETERS: 422,
  METHOD_UNAVAILABLE: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  NOT_CANCELLABLE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  QUOTA_EXCEEDED: 429,
};

export type FieldErrors = Record<string, string[]>;

export class UserError extends Error {
  readonly code: UserErrorCode;
  readonly fieldErrors: FieldErrors;
  /** For RATE_LIMITED / QUOTA_EXCEEDED: when trying again makes sense. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: UserErrorCode, message: string, fieldErrors: FieldErrors = {}, options: { retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = 'UserError';
    this.code = code;
    this.fieldErrors = fieldErrors;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return USER_ERROR_STATUS[this.code];
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

export function addFieldError(errors: FieldErrors, field: string, message: string): void {
  (errors[field] ??= []).push(message);
}
