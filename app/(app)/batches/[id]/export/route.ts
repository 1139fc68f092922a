// GET /batches/{id}/export?format=csv|jsonl|sdf|zip — the batch's calculations streamed from a database
// cursor into the response, under the user's RLS (a batch they cannot see is a 404 problem).
import { exportBatch } from '@/lib/batches/export-batch';
import { exportFormatFrom, exportResponse } from '@/lib/batches/export-stream';
import { UserError } from '@/lib/errors/user-error';
import { withSessionUser } from '@/lib/http/session-route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return withSessionUser('batch export', async (user) => {
    const { id } = await params;
    const format = exportFormatFrom(new URL(request.url).searchParams.get('format'));
    const exported = UUID.test(id) ? await exportBatch(user.claims, id, format) : null;
    if (!exported) throw new UserError('NOT_FOUND', 'No such batch.');
    return exportResponse(exported);
  });
}
