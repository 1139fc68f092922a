// GET /results/export?format=csv|jsonl|sdf|zip&<the list's filters> — the calculations the results list
// shows for these filters (all pages), streamed by the batch manager's exporter under the user's RLS.
// Energy bounds are in the user's total-energy unit and gap bounds in their orbital-energy unit, as the
// list's filter form has them.
import { exportCalculations } from '@/lib/batches/export-batch';
import { exportFormatFrom, exportResponse } from '@/lib/batches/export-stream';
import { withSessionUser } from '@/lib/http/session-route';
import { loadPreferences } from '@/lib/preferences/preferences-store';
import { parseResultsQuery } from '@/lib/results/results-query';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return withSessionUser('results export', async (user) => {
    const url = new URL(request.url);
    const format = exportFormatFrom(url.searchParams.get('format'));
    const query = parseResultsQuery(Object.fromEntries(url.searchParams));
    const { energyUnit, quantityDisplay } = await loadPreferences(user.claims);
    const exported = await exportCalculations(user.claims, { filters: query, unit: energyUnit, gapUnit: quantityDisplay.orbitalEnergy.unit }, format);
    return exportResponse(exported!);
  });
}
