// Beacon-safe save of the UI state: `navigator.sendBeacon` posts here when the page is hidden or
// closed (a server action cannot be relied on then). Authenticated by the session cookie and
// validated exactly like the auto-save action. Refusals are RFC 9457 problem documents.
import { createClient } from '@/lib/supabase/server';
import type { JwtClaims } from '@/lib/db/as-user';
import { UserError } from '@/lib/errors/user-error';
import { problemFromError, problemResponse } from '@/lib/http/problem';
import { saveUiState } from '@/lib/session/session-store';
import { MAX_UI_STATE_BYTES, uiStateSaveSchema } from '@/lib/session/ui-state';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const TOO_LARGE = `Session state is too large to save (limit ${MAX_UI_STATE_BYTES / 1024} KiB).`;

/** Only this site's pages may save (cookies are SameSite=Lax already; this is the second lock). */
function sameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (!origin) return true; // same-origin beacons from some browsers omit it
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export async function POST(request: Request) {
  try {
    return await save(request);
  } catch (error) {
    return problemFromError(error, 'session beacon save');
  }
}

async function save(request: Request): Promise<Response> {
  if (!sameOrigin(request)) throw new UserError('FORBIDDEN', 'Cross-site session saves are refused.');
  const supabase = await createClient();
  const { data, error } = await supabase.auth.getClaims();
  if (error || !data?.claims?.sub) throw new UserError('UNAUTHENTICATED', 'Your session has ended. Please sign in again.');
  const claims = data.claims as unknown as JwtClaims;

  // Refuse oversized bodies before parsing them (the envelope adds a little to the state's limit).
  const limit = MAX_UI_STATE_BYTES + 1024;
  if (Number(request.headers.get('content-length') ?? 0) > limit) throw new UserError('PAYLOAD_TOO_LARGE', TOO_LARGE);
  const text = await request.text();
  if (new TextEncoder().encode(text).length > limit) throw new UserError('PAYLOAD_TOO_LARGE', TOO_LARGE);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Not a UserError code: the body is not even JSON, a plain 400.
    return problemResponse({ status: 400, detail: 'Session state is not valid JSON.' });
  }
  const parsed = uiStateSaveSchema.safeParse(json);
  if (!parsed.success) throw new UserError('INVALID_INPUT', 'A session save needs a positive whole revision and a state.');

  // A SessionStateError (too large, malformed) is a UserError and answers through problemFromError.
  const result = await saveUiState(claims, parsed.data);
  if (result.status === 'stale') {
    throw new UserError('CONFLICT', `A newer session state (revision ${result.revision}) is already saved; this save was ignored.`);
  }
  return Response.json({ ok: true, data: result }, { headers: { 'cache-control': 'no-store' } });
}
