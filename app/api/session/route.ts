// Beacon-safe save of the UI state: `navigator.sendBeacon` posts here when the page is hidden or
// closed (a server action cannot be relied on then). Authenticated by the session cookie and
// validated exactly like the auto-save action.
import { createClient } from '@/lib/supabase/server';
import type { JwtClaims } from '@/lib/db/as-user';
import { saveUiState, SessionStateError } from '@/lib/session/session-store';
import { MAX_UI_STATE_BYTES, uiStateSaveSchema } from '@/lib/session/ui-state';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const NO_STORE = { 'cache-control': 'no-store' };

function reply(status: number, body: Record<string, unknown>) {
  return Response.json(body, { status, headers: NO_STORE });
}

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
  if (!sameOrigin(request)) return reply(403, { ok: false, message: 'Cross-site session saves are refused.' });
  const supabase = await createClient();
  const { data, error } = await supabase.auth.getClaims();
  if (error || !data?.claims?.sub) return reply(401, { ok: false, message: 'Your session has ended. Please sign in again.' });
  const claims = data.claims as unknown as JwtClaims;

  // Refuse oversized bodies before parsing them (the envelope adds a little to the state's limit).
  const declared = Number(request.headers.get('content-length') ?? 0);
  const limit = MAX_UI_STATE_BYTES + 1024;
  if (declared > limit) return reply(413, { ok: false, message: `Session state is too large to save (limit ${MAX_UI_STATE_BYTES / 1024} KiB).` });
  const text = await request.text();
  if (new TextEncoder().encode(text).length > limit) {
    return reply(413, { ok: false, message: `Session state is too large to save (limit ${MAX_UI_STATE_BYTES / 1024} KiB).` });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return reply(400, { ok: false, message: 'Session state is not valid JSON.' });
  }
  const parsed = uiStateSaveSchema.safeParse(json);
  if (!parsed.success) return reply(400, { ok: false, message: 'A session save needs a positive whole revision and a state.' });

  try {
    const result = await saveUiState(claims, parsed.data);
    return reply(result.status === 'saved' ? 200 : 409, { ok: true, data: result });
  } catch (e) {
    if (e instanceof SessionStateError) return reply(e.kind === 'too_large' ? 413 : 400, { ok: false, message: e.message, fieldErrors: e.fieldErrors });
    console.error('session beacon save failed', e);
    return reply(500, { ok: false, message: 'Something went wrong on our side. Nothing was changed.' });
  }
}
