// Statuses of the calculations a page shows, for live updates while jobs run. Read under the
// caller's RLS: ids the user may not see are simply absent.
import { getCurrentUser } from '@/lib/auth/require-user';
import { getCalculationStatuses, MAX_STATUS_IDS } from '@/lib/calculations/calculation-statuses';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function GET(request: Request) {
  const user = await getCurrentUser();
  if (!user) return Response.json({ error: 'not signed in' }, { status: 401, headers: { 'cache-control': 'no-store' } });
  const raw = new URL(request.url).searchParams.get('ids') ?? '';
  const ids = [...new Set(raw.split(',').filter(Boolean))];
  if (ids.length > MAX_STATUS_IDS || ids.some((id) => !UUID.test(id))) {
    return Response.json({ error: `ids must be up to ${MAX_STATUS_IDS} comma-separated calculation ids` }, { status: 400, headers: { 'cache-control': 'no-store' } });
  }
  try {
    const statuses = await getCalculationStatuses(user.claims, ids);
    return Response.json({ statuses }, { headers: { 'cache-control': 'private, no-store' } });
  } catch (error) {
    console.error('calculation status lookup failed', error);
    return Response.json({ error: 'statuses are unavailable right now' }, { status: 503, headers: { 'cache-control': 'no-store' } });
  }
}
