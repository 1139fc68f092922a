// Beacon-safe save of the UI state: `navigator.sendBeacon` posts here when the page is hidden or
// closed (a server action cannot be relied on then). Authenticated by the session cookie and
// validated exactly like the auto-save action. Refusals are RFC 9457 problem documents.
import { getCurrentUser } from '@/lib/auth/require-user';
import { UserError } from '@/lib/errors/user-error';
import { problemFromError, problemResponse } from '@/lib/http/problem';
import { readLimitedBody } from '@/lib/http/read-limited-body';
import { sameOrigin } from '@/lib/http/same-origin';
import { saveUiState } from '@/lib/ui-state/session-store';
import { MAX_UI_STATE_BYTES, uiStateSaveSchema } from '@/lib/ui-state/ui-state';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const TOO_LARGE = `Session state is too large to save (limit ${MAX_UI_STATE_BYTES / 1024} KiB).`;

export async function POST(request: Request) {
  try {
    return await save(request);
  } catch (error) {
    return problemFromError(error, 'session beacon save');
  }
}

async function save(request: Request): Promise<Response> {
  if (!sameOrigin(request)) throw new UserError('FORBIDDEN', 'Cross-site session saves are refused.');
  // The verified token AND a live session (a sign-out elsewhere ends saving at once).
  const user = await getCurrentUser();
  if (!user) throw new UserError('UNAUTHENTICATED', 'Your session has ended. Please sign in again.');

  // Read at most the limit, even of a chunked body with no length (nothing beyond it is buffered);
  // the envelope (revision, JSON punctuation) adds a little to the state's own limit.
  const raw = await readLimitedBody(request, MAX_UI_STATE_BYTES + 1024, TOO_LARGE);
  const text = new TextDecoder().decode(raw);
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
  const result = await saveUiState(user.claims, parsed.data);
  if (result.status === 'stale') {
    throw new UserError('CONFLICT', `A newer session state (revision ${result.revision}) is already saved; this save was ignored.`);
  }
  return Response.json({ ok: true, data: result }, { headers: { 'cache-control': 'no-store' } });
}
