// Beacon-safe save of the UI state: `navigator.sendBeacon` posts here when the page is hidden or
// closed (a server action cannot be relied on then). Authenticated by the session cookie and
// validated exactly like the auto-save action. Errors are RFC 9457 problem documents.
import { getCurrentUser } from '@/lib/auth/require-user';
import { problemFromError, problemResponse } from '@/lib/http/problem';
import { readLimitedBody } from '@/lib/http/read-limited-body';
import { saveUiState, SessionStateError } from '@/lib/session/session-store';
import { MAX_UI_STATE_BYTES, uiStateSaveSchema } from '@/lib/session/ui-state';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

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

// The envelope (revision, JSON punctuation) adds a little to the state's own limit.
const BODY_LIMIT = MAX_UI_STATE_BYTES + 1024;
const TOO_LARGE = `Session state is too large to save (limit ${MAX_UI_STATE_BYTES / 1024} KiB).`;

export async function POST(request: Request) {
  if (!sameOrigin(request)) return problemResponse({ status: 403, code: 'FORBIDDEN', detail: 'Cross-site session saves are refused.' });
  try {
    const user = await getCurrentUser();
    if (!user) return problemResponse({ status: 401, code: 'UNAUTHENTICATED', detail: 'Your session has ended. Please sign in again.' });

    // Read at most the limit, even of a chunked body with no length (nothing beyond it is buffered).
    const raw = await readLimitedBody(request, BODY_LIMIT, TOO_LARGE);
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(raw));
    } catch {
      return problemResponse({ status: 400, code: 'INVALID_INPUT', detail: 'Session state is not valid JSON.' });
    }
    const parsed = uiStateSaveSchema.safeParse(json);
    if (!parsed.success) return problemResponse({ status: 400, code: 'INVALID_INPUT', detail: 'A session save needs a positive whole revision and a state.' });

    const result = await saveUiState(user.claims, parsed.data);
    return Response.json({ ok: true, data: result }, { status: result.status === 'saved' ? 200 : 409, headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    if (e instanceof SessionStateError) {
      return problemResponse({ status: e.kind === 'too_large' ? 413 : 400, code: e.kind === 'too_large' ? 'PAYLOAD_TOO_LARGE' : 'INVALID_INPUT', detail: e.message, errors: e.fieldErrors });
    }
    return problemFromError(e, 'session beacon save');
  }
}
