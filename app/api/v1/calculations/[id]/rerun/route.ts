// Run a calculation again with the same input and parameters: a new calculation.
import { calculationIdFrom, json, runApi } from '@/lib/api/handler';
import { rerunCalculation } from '@/lib/jobs/rerun-calculation';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return runApi(request, { permission: 'calculation.rerun' }, async ({ caller }) => {
    const submitted = await rerunCalculation(caller, await calculationIdFrom(params));
    return json(
      {
        id: submitted.calculationId,
        status: 'queued',
        moleculeId: submitted.moleculeId,
        needsEmbedding: submitted.needsEmbedding,
        warnings: submitted.warnings,
      },
      201,
      { location: `/api/v1/calculations/${submitted.calculationId}` },
    );
  });
}
