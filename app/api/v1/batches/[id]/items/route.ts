// A batch's items in row order, a cursor page at a time, optionally by status or failure type.
import { listBatchItemsPage, listBatchItemsQuerySchema } from '@/lib/api/batches';
import { batchIdFrom, json, parseWith, runApi } from '@/lib/api/handler';
import { getBatch } from '@/lib/batches/read-batches';
import { UserError } from '@/lib/errors/user-error';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return runApi(request, {}, async ({ caller, url }) => {
    const id = await batchIdFrom(params);
    const query = parseWith(listBatchItemsQuerySchema, Object.fromEntries(url.searchParams));
    // No items and no batch look alike: a batch the caller cannot see is a 404, not an empty page.
    if (!(await getBatch(caller.claims, id))) throw new UserError('NOT_FOUND', 'No such batch.');
    return json(await listBatchItemsPage(caller.claims, id, query));
  });
}
