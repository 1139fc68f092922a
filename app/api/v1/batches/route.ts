// POST: create a batch from a JSON list, a multipart upload or a raw file body (the New batch page's
// analyse + bulk create). GET: the caller's batches with progress, newest first, a cursor page.
import { createBatch, listBatchesPage, listBatchesQuerySchema, readBatchRequest } from '@/lib/api/batches';
import { json, parseWith, runApi } from '@/lib/api/handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return runApi(request, { permission: 'calculation.submit' }, async ({ caller, url }) => {
    const created = await createBatch(caller, await readBatchRequest(request, url));
    return json(created, 201, { location: `/api/v1/batches/${created.id}` });
  });
}

export function GET(request: Request): Promise<Response> {
  return runApi(request, {}, async ({ caller, url }) => {
    return json(await listBatchesPage(caller.claims, parseWith(listBatchesQuerySchema, Object.fromEntries(url.searchParams))));
  });
}
