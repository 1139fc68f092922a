// A batch's calculations as CSV, JSONL, SDF or ZIP, streamed from a database cursor (the batch page's export).
import { batchIdFrom, runApi } from '@/lib/api/handler';
import { exportBatch } from '@/lib/batches/export-batch';
import { exportFormatFrom, exportResponse } from '@/lib/batches/export-stream';
import { UserError } from '@/lib/errors/user-error';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return runApi(request, {}, async ({ caller, url }) => {
    const id = await batchIdFrom(params);
    const exported = await exportBatch(caller.claims, id, exportFormatFrom(url.searchParams.get('format')));
    if (!exported) throw new UserError('NOT_FOUND', 'No such batch.');
    return exportResponse(exported);
  });
}
