// Cancel a queued or running calculation the caller may change.
import { calculationIdFrom, json, runApi } from '@/lib/api/handler';
import { cancelCalculation } from '@/lib/jobs/cancel-calculation';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return runApi(request, { permission: 'calculation.cancel' }, async ({ caller }) => {
    const id = await calculationIdFrom(params);
    const result = await cancelCalculation(caller, id);
    return json({ id, status: result.status });
  });
}
