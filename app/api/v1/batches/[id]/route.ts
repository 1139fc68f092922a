// One batch with its progress counts, throughput and ETA (the batch page's numbers).
import { batchIdFrom, json, runApi } from '@/lib/api/handler';
import { getBatch } from '@/lib/batches/read-batches';
import { UserError } from '@/lib/errors/user-error';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return runApi(request, {}, async ({ caller }) => {
    const batch = await getBatch(caller.claims, await batchIdFrom(params));
    if (!batch) throw new UserError('NOT_FOUND', 'No such batch.');
    return json(batch);
  });
}
