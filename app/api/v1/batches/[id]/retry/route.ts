// Retry a batch's failed items as new calculations, optionally with a higher electronic temperature
// or another optimisation level (the batch page's retry).
import { retryBatchBodySchema } from '@/lib/api/batches';
import { batchIdFrom, json, parseWith, readJson, runApi } from '@/lib/api/handler';
import { retryFailedItems } from '@/lib/batches/control-batch';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return runApi(request, { permission: 'calculation.submit' }, async ({ caller }) => {
    const id = await batchIdFrom(params);
    // The body is optional: no changes retries with the batch's parameters.
    const hasBody = request.headers.get('content-type') !== null || Number(request.headers.get('content-length') ?? 0) > 0;
    const changes = hasBody ? parseWith(retryBatchBodySchema, await readJson(request)) : {};
    const retried = await retryFailedItems(caller, id, changes);
    return json({ id, retried: retried.retried, params: retried.params });
  });
}
