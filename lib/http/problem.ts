// Every error a route handler answers is an RFC 9457 problem document
// (`application/problem+json`): `type`, `title`, `status`, `detail`, plus `code` and, for
// validation problems, `errors` (field → messages, the same words the UI shows).
import { isUserError, USER_ERROR_STATUS, type FieldErrors, type UserErrorCode } from '../errors/user-error.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: FieldErrors;
  instance?: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Request too large',
  415: 'Unsupported media type',
  422: 'Invalid input',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

export function problemTitle(status: number): string {
  return TITLES[status] ?? 'Error';
}

export interface ProblemInit {
  status: number;
  detail?: string;
  code?: UserErrorCode | string;
  errors?: FieldErrors;
  title?: string;
  headers?: HeadersInit;
  retryAfterSeconds?: number;
}

export function problemResponse(init: ProblemInit): Response {
  const body: Problem = {
    type: init.code ? `about:blank#${String(init.code).toLowerCase()}` : 'about:blank',
    title: init.title ?? problemTitle(init.status),
    status: init.status,
    ...(init.detail ? { detail: init.detail } : {}),
    ...(init.code ? { code: String(init.code) } : {}),
    ...(init.errors && Object.keys(init.errors).length ? { errors: init.errors } : {}),
  };
  const headers = new Headers(init.headers);
  headers.set('content-type', 'application/problem+json');
  headers.set('cache-control', 'no-store');
  if (init.retryAfterSeconds !== undefined) headers.set('retry-after', String(Math.max(1, Math.ceil(init.retryAfterSeconds))));
  return new Response(JSON.stringify(body), { status: init.status, headers });
}

/**
 * Maps anything thrown inside a route handler to a problem response: a UserError keeps its words,
 * everything else is logged and answered with a generic 500 (no internals reach the caller).
 */
export function problemFromError(error: unknown, context = 'route handler'): Response {
  if (isUserError(error)) {
    return problemResponse({
      status: USER_ERROR_STATUS[error.code],
      code: error.code,
      detail: error.message,
      errors: error.fieldErrors,
      retryAfterSeconds: error.retryAfterSeconds,
    });
  }
  console.error(`${context} failed`, error);
  return problemResponse({ status: 500, detail: 'Something went wrong on our side. Nothing was changed; please try again.' });
}
