// The calculations matching the results list's filters, streamed as CSV, JSONL, SDF or ZIP by the batch
// manager's exporter (one read-only snapshot under the caller's RLS).
import { apiCalculationFilters } from '@/lib/api/calculations';
import { parseWith, runApi } from '@/lib/api/handler';
import { exportCalculationsQuerySchema } from '@/lib/api/schemas';
import { exportCalculations } from '@/lib/batches/export-batch';
import { exportResponse } from '@/lib/batches/export-stream';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return runApi(request, {}, async ({ caller, url }) => {
    const { format, ...query } = parseWith(exportCalculationsQuerySchema, Object.fromEntries(url.searchParams));
    const exported = await exportCalculations(caller.claims, { filters: apiCalculationFilters(query), unit: 'hartree' }, format);
    return exportResponse(exported!);
  });
}
