// One dashboard panel as JSON for the page's live refresh: GET /api/dashboard?panel=…&range=24h
// (or from=…&to=…). Admins only (the `dashboard.view` permission); anyone else gets the same 404
// the page gives, so the endpoint does not reveal itself. Errors are RFC 9457 problem documents.
import { getCurrentUser } from '@/lib/auth/require-user';
import { can } from '@/lib/auth/permissions';
import { UserError } from '@/lib/errors/user-error';
import { recordDenied } from '@/lib/admin/audit-log';
import { problemFromError, problemResponse } from '@/lib/http/problem';
import { loadPanel, PANELS, type PanelName } from '@/lib/dashboard/panels';
import { parseRangeParams, resolveRange } from '@/lib/dashboard/range';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  try {
    const user = await getCurrentUser();
    if (!user) throw new UserError('UNAUTHENTICATED', 'Your session has ended. Please sign in again.');
    if (!can(user, 'dashboard.view')) {
      await recordDenied({ userId: user.id, action: 'dashboard.view', entityType: 'api', entityId: '/api/dashboard', reason: `role ${user.role} may not` });
      return problemResponse({ status: 404, code: 'NOT_FOUND', detail: 'There is nothing here.' });
    }
    const params = new URL(request.url).searchParams;
    const panel = params.get('panel') ?? '';
    if (!(PANELS as readonly string[]).includes(panel)) {
      throw new UserError('INVALID_INPUT', `Ask for one panel: ${PANELS.join(', ')}.`, { panel: [`One of ${PANELS.join(', ')}.`] });
    }
    const range = parseRangeParams((name) => params.get(name));
    if (!range.ok) throw new UserError('INVALID_INPUT', range.message, { range: [range.message] });
    const span = resolveRange(range.params);
    const data = await loadPanel(user, panel as PanelName, span);
    return Response.json({ panel, from: span.from.toISOString(), to: span.to.toISOString(), data }, { headers: { 'cache-control': 'private, no-store' } });
  } catch (error) {
    return problemFromError(error, 'dashboard panel');
  }
}
