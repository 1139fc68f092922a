// Run a calculation again with the same input and parameters: a new calculation.
import { calculationIdFrom, runApi } from '@/lib/api/handler';
import { submittedResponse } from '@/lib/api/calculation-responses';
import { rerunCalculation } from '@/lib/jobs/rerun-calculation';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return runApi(request, { permission: 'calculation.rerun' }, async ({ caller }) => {
    return submittedResponse(await rerunCalculation(caller, await calculationIdFrom(params)));
  });
}
