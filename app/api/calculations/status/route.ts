// Statuses of the calculations a page shows, for live updates while jobs run. Read under the
// caller's RLS: ids the user may not see are simply absent. Errors are RFC 9457 problem documents.
import { getCurrentUser } from '@/lib/auth/require-user';
import { UserError } from '@/lib/errors/user-error';
import { problemFromError, problemResponse } from '@/lib/http/problem';
import { getCalculationStatuses, MAX_STATUS_IDS } from '@/lib/calculations/calculation-statuses';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function GET(request: Request) {
  try {
    const user = await getCurrentUser();
    if (!user) throw new UserError('UNAUTHENTICATED', 'Your session has ended. Please sign in again.');
    const raw = new URL(request.url).searchParams.get('ids') ?? '';
    const ids = [...new Set(raw.split(',').filter(Boolean))];
    if (ids.length > MAX_STATUS_IDS || ids.some((id) => !UUID.test(id))) {
      throw new UserError('INVALID_INPUT', `Ask for up to ${MAX_STATUS_IDS} calculation ids, separated by commas.`, {
        ids: [`Up to ${MAX_STATUS_IDS} calculation ids, separated by commas.`],
      });
    }
    const statuses = await lookUp(user.claims, ids);
    if (!statuses) return problemResponse({ status: 503, detail: 'Calculation statuses are unavailable right now; the page retries by itself.' });
    return Response.json({ statuses }, { headers: { 'cache-control': 'private, no-store' } });
  } catch (error) {
    return problemFromError(error, 'calculation status lookup');
  }
}

/** A database hiccup is temporary (503, the client polls again), not a bug (500). */
async function lookUp(...args: Parameters<typeof getCalculationStatuses>) {
  try {
    return await getCalculationStatuses(...args);
  } catch (error) {
    console.error('calculation status lookup failed', error);
    return null;
  }
}
