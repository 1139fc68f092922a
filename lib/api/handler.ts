// The frame every /api/v1 route handler runs in: authenticate (and rate limit), run, answer errors
// as RFC 9457 problems, replay POSTs with a known Idempotency-Key, and log the request to
// api_usage_logs and its refusals (403, someone else's id) to the audit log, both off the request path.
import 'server-only';
import type { Permission } from '../auth/permissions.ts';
import type { z } from 'zod';
import { addFieldError, UserError, type FieldErrors } from '../errors/user-error.ts';
import { problemFromError } from '../http/problem.ts';
import { assertPermission, authenticate, type ApiCaller } from './authenticate.ts';
import { auditApiRefusal } from './refusal-audit.ts';
import { claimIdempotencyKey, completeIdempotencyKey, readIdempotencyKey } from './idempotency.ts';
import { usageLog, type UsageLogEntry } from '../metrics/usage-log.ts';
import { getCalculation, type CalculationDetail } from '../calculations/get-calculation.ts';
import { NUL_CHARACTER_MESSAGE, pathOfNulCharacter } from '../validation/nul-characters.ts';

export interface ApiContext {
  request: Request;
  caller: ApiCaller;
  url: URL;
}

export interface ApiOptions {
  /** What the caller's role must allow (writes); reads need only a valid identity. */
  permission?: Permission;
}

const MAX_BODY_BYTES = 2_000_000;
/** The methods api_usage_logs records (its check constraint); others are answered but not logged. */
const LOGGED_METHODS = new Set<string>(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'private, no-store' };

export function json(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

/** The request body as JSON, or a 415/413/422 problem. */
export async function readJson(request: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new UserError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as JSON with "Content-Type: application/json".');
  }
  const tooLarge = () => new UserError('PAYLOAD_TOO_LARGE', `The request body is larger than ${Math.round(maxBytes / (1024 * 1024))} MB.`);
  // The declared size is refused before reading; a body without one is measured as read.
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge();
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw tooLarge();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new UserError('INVALID_INPUT', 'The request body is not valid JSON.');
  }
  refuseNulCharacters(pathOfNulCharacter(body));
  return body;
}

/** A 422 naming the field (or query parameter) that holds U+0000, which no column can store. */
export function refuseNulCharacters(field: string | null): void {
  if (field !== null) throw new UserError('INVALID_INPUT', `"${field}": ${NUL_CHARACTER_MESSAGE}`, { [field]: [NUL_CHARACTER_MESSAGE] });
}

export async function runApi(request: Request, options: ApiOptions, work: (ctx: ApiContext) => Promise<Response>): Promise<Response> {
  const started = performance.now();
  const url = new URL(request.url);
  let caller: ApiCaller | null = null;
  let response: Response;
  try {
    caller = await authenticate(request);
    if (options.permission) assertPermission(caller, options.permission);
    refuseNulCharacters(pathOfNulCharacter(Object.fromEntries(url.searchParams)));
    response = await withIdempotency(request, url, caller, () => work({ request, caller: caller!, url }));
  } catch (error) {
    response = problemFromError(error, `${request.method} ${url.pathname}`);
  }
  // A known caller refused (403) or told "not found" (404): a denied attempt for the audit log, written in the background.
  if (caller) auditApiRefusal(caller, request, url, response.status, options.permission);
  const length = response.headers.get('content-length');
  const requestLength = request.headers.get('content-length');
  if (!LOGGED_METHODS.has(request.method)) return response;
  usageLog().log({
    userId: caller?.id ?? null,
    apiKeyId: caller?.apiKeyId ?? null,
    endpoint: url.pathname,
    method: request.method as UsageLogEntry['method'],
    statusCode: response.status,
    responseTimeMs: performance.now() - started,
    requestSizeBytes: requestLength ? Number(requestLength) : null,
    responseSizeBytes: length ? Number(length) : null,
    errorMessage: response.status >= 400 ? `HTTP ${response.status}` : null,
    queryParameters: url.searchParams.size ? Object.fromEntries(url.searchParams) : null,
  });
  return response;
}

async function withIdempotency(request: Request, url: URL, caller: ApiCaller, work: () => Promise<Response>): Promise<Response> {
  if (request.method !== 'POST') return work();
  const key = readIdempotencyKey(request);
  if (key === null) return work();
  const claimed = await claimIdempotencyKey(caller.id, key, request.method, url.pathname);
  if (claimed !== 'claimed') {
    const problem = claimed.status >= 400;
    return new Response(claimed.body, {
      status: claimed.status,
      headers: { ...JSON_HEADERS, 'content-type': problem ? 'application/problem+json' : 'application/json', 'idempotent-replayed': 'true' },
    });
  }
  let response: Response;
  try {
    response = await work();
  } catch (error) {
    response = problemFromError(error, `${request.method} ${url.pathname}`);
  }
  const body = await response.clone().text();
  await completeIdempotencyKey(caller.id, key, { status: response.status, body });
  return response;
}

/** Parses with a zod schema; a failure is a 422 problem with field → messages. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, message = 'Please correct the request.'): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fieldErrors: FieldErrors = {};
  for (const issue of parsed.error.issues) addFieldError(fieldErrors, issue.path.join('.') || 'body', issue.message);
  throw new UserError('INVALID_INPUT', message, fieldErrors);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A calculation id from the path; anything that is not an id is simply not found. */
export async function calculationIdFrom(params: Promise<{ id: string }>): Promise<string> {
  return idFrom(params, 'No such calculation.');
}

/** The calculation of the path's id as the caller may see it, else a 404 problem. */
export async function visibleCalculation(caller: ApiCaller, params: Promise<{ id: string }>): Promise<CalculationDetail> {
  const detail = await getCalculation(caller.claims, await calculationIdFrom(params));
  if (!detail) throw new UserError('NOT_FOUND', 'No such calculation.');
  return detail;
}

/** A batch id from the path (anything else is not found). */
export async function batchIdFrom(params: Promise<{ id: string }>): Promise<string> {
  return idFrom(params, 'No such batch.');
}

async function idFrom(params: Promise<{ id: string }>, notFound: string): Promise<string> {
  const { id } = await params;
  if (!UUID.test(id)) throw new UserError('NOT_FOUND', notFound);
  return id.toLowerCase();
}
