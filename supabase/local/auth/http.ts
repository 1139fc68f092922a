// Request and response plumbing on node:http: bounded body reading (JSON or form), JSON replies,
// CORS, and typed access to body fields.
import type http from 'node:http';
import { AuthHttpError } from './errors.ts';

export type Body = Record<string, unknown>;

export function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function tooLarge(limit: number): AuthHttpError {
  return new AuthHttpError(413, 'request_entity_too_large', `Request body too large (max ${limit} bytes)`);
}

/** Reads the whole body, refusing more than `limit` bytes (by Content-Length or as it streams). */
export async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(header(req, 'content-length'));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Parses a JSON or form-encoded body into an object. An empty body is an empty object, so that
 * endpoints whose body is optional (logout, admin delete) accept none.
 */
export function parseBody(raw: Buffer, contentType: string | undefined): Body {
  const text = raw.toString('utf8');
  if (text.trim() === '') return {};
  if (contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AuthHttpError(400, 'bad_json', `Could not parse request body as JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AuthHttpError(400, 'bad_json', 'Could not parse request body as JSON: expected an object');
  }
  return parsed as Body;
}

function wrongType(field: string, expected: string): AuthHttpError {
  return new AuthHttpError(400, 'bad_json', `Could not parse request body as JSON: field "${field}" must be ${expected}`);
}

/** A string field; absent, null and '' all read as undefined. */
export function stringField(body: Body, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw wrongType(field, 'a string');
  return value;
}

/** A string field where '' is meaningful (a password that is present but empty). */
export function rawStringField(body: Body, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(field, 'a string');
  return value;
}

export function booleanField(body: Body, field: string): boolean {
  const value = body[field];
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true'; // form bodies
  throw wrongType(field, 'a boolean');
}

export function objectField(body: Body, field: string): Record<string, unknown> | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(field, 'an object');
  return value as Record<string, unknown>;
}

/**
 * CORS for browsers calling the auth server directly: any origin, as Supabase allows. Credentials
 * (cookies) are not allowed: this API authenticates with the apikey and bearer headers only.
 */
export function corsHeaders(req: http.IncomingMessage): Record<string, string> {
  const origin = header(req, 'origin');
  return {
    'Access-Control-Allow-Origin': origin ?? '*',
    'Access-Control-Expose-Headers': 'X-Total-Count, Link, X-Supabase-Api-Version, x-sb-error-code, sb-auth-user-id, sb-auth-session-id',
    Vary: 'Origin',
  };
}

export function preflightHeaders(req: http.IncomingMessage): Record<string, string> {
  return {
    ...corsHeaders(req),
    'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
    'Access-Control-Allow-Headers':
      header(req, 'access-control-request-headers') ?? 'authorization, apikey, content-type, x-client-info, x-supabase-api-version, x-retry-count',
    'Access-Control-Max-Age': '86400',
    Vary: 'Origin, Access-Control-Request-Headers',
  };
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

/** The client address, preferring the first X-Forwarded-For hop as GoTrue does behind its gateway. */
export function clientIp(req: http.IncomingMessage): string | null {
  const forwarded = header(req, 'x-forwarded-for');
  if (forwarded) return forwarded.split(',')[0]!.trim();
  return req.socket.remoteAddress ?? null;
}
