// Cancel a batch: queued calculations close at once, running ones are told to stop.
import { batchIdFrom, json, runApi } from '@/lib/api/handler';
import { cancelBatch } from '@/lib/batches/control-batch';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return runApi(request, { permission: 'calculation.submit' }, async ({ caller }) => {
    const id = await batchIdFrom(params);
    return json({ id, ...(await cancelBatch(caller, id)) });
  });
}
