// The files a calculation can be downloaded as (the result page's downloads), with their sizes.
import { calculationIdFrom, json, runApi } from '@/lib/api/handler';
import { listCalculationFiles } from '@/lib/calculations/calculation-files';
import { getCalculation } from '@/lib/calculations/get-calculation';
import { UserError } from '@/lib/errors/user-error';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return runApi(request, {}, async ({ caller }) => {
    const detail = await getCalculation(caller.claims, await calculationIdFrom(params));
    if (!detail) throw new UserError('NOT_FOUND', 'No such calculation.');
    return json({ calculationId: detail.id, files: listCalculationFiles(detail) });
  });
}
