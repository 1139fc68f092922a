// The files a calculation can be downloaded as (the result page's downloads), with their sizes.
import { json, runApi, visibleCalculation } from '@/lib/api/handler';
import { listCalculationFiles } from '@/lib/calculations/calculation-files';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return runApi(request, {}, async ({ caller }) => {
    const detail = await visibleCalculation(caller, params);
    return json({ calculationId: detail.id, files: listCalculationFiles(detail) });
  });
}
