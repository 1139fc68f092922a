// GET /results/export?format=csv|jsonl|sdf&<the list's filters> — the calculations the results list
// shows for these filters (all pages), streamed by the batch manager's exporter under the user's RLS.
// Energy and gap bounds are in the user's energy unit, as the list's filter form has them.
import { getCurrentUser } from '@/lib/auth/require-user';
import { exportCalculations } from '@/lib/batches/export-batch';
import { exportFormatFrom, exportResponse } from '@/lib/batches/export-stream';
import { UserError } from '@/lib/errors/user-error';
import { problemFromError } from '@/lib/http/problem';
import { loadPreferences } from '@/lib/preferences/preferences-store';
import { parseResultsQuery } from '@/lib/results/results-query';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  try {
    const user = await getCurrentUser();
    if (!user) throw new UserError('UNAUTHENTICATED', 'Your session has ended. Please sign in again.');
    const url = new URL(request.url);
    const format = exportFormatFrom(url.searchParams.get('format'));
    const query = parseResultsQuery(Object.fromEntries(url.searchParams));
    const { energyUnit } = await loadPreferences(user.claims);
    const exported = await exportCalculations(user.claims, { filters: query, unit: energyUnit }, format);
    return exportResponse(exported!);
  } catch (error) {
    return problemFromError(error, 'results export');
  }
}
