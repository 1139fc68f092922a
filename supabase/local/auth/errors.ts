// Errors in Supabase Auth's (GoTrue's) JSON shapes. GoTrue answers in two shapes, chosen by the
// request's `X-Supabase-Api-Version` header: from 2024-01-01 on `{ code: "<error_code>", message }`,
// before that `{ code: <http status>, error_code, msg }`. auth-js sends 2024-01-01 and reads `code`
// only when the response echoes that version, so the header is echoed on every error.
import type http from 'node:http';

export const API_VERSION_HEADER = 'x-supabase-api-version';
const API_VERSION_2024 = Date.parse('2024-01-01T00:00:00Z');

export class AuthHttpError extends Error {
  readonly status: number;
  readonly code: string;
  /** Extra top-level fields of the body, e.g. `weak_password: { reasons }`. */
  readonly extra: Record<string, unknown> | undefined;
  /** Extra response headers, e.g. `Retry-After` on a 429. */
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, extra?: Record<string, unknown>, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'AuthHttpError';
    this.status = status;
    this.code = code;
    this.extra = extra;
    this.headers = headers;
  }
}

export const badRequest = (code: string, message: string) => new AuthHttpError(400, code, message);
export const forbidden = (code: string, message: string) => new AuthHttpError(403, code, message);
export const notFound = (code: string, message: string) => new AuthHttpError(404, code, message);
export const unprocessable = (code: string, message: string) => new AuthHttpError(422, code, message);

export function weakPasswordError(message: string, reasons: string[]): AuthHttpError {
  return new AuthHttpError(422, 'weak_password', message, { weak_password: { reasons } });
}

/** The API version a request asked for: the 2024-01-01 shape, or the initial one. */
export function requestedApiVersion(req: http.IncomingMessage): '2024-01-01' | null {
  const raw = req.headers[API_VERSION_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(date) && date >= API_VERSION_2024 ? '2024-01-01' : null;
}

/** Status, headers and body of an error response for this request. */
export function errorResponse(
  req: http.IncomingMessage,
  error: AuthHttpError,
): { status: number; headers: Record<string, string>; body: Record<string, unknown> } {
  const headers: Record<string, string> = { ...error.headers, 'x-sb-error-code': error.code };
  if (requestedApiVersion(req)) {
    headers['X-Supabase-Api-Version'] = '2024-01-01';
    return { status: error.status, headers, body: { code: error.code, message: error.message, ...error.extra } };
  }
  return {
    status: error.status,
    headers,
    body: { code: error.status, error_code: error.code, msg: error.message, ...error.extra },
  };
}
