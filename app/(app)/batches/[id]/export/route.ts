// GET /batches/{id}/export?format=csv|jsonl|sdf|zip — the batch's calculations streamed from a database
// cursor into the response, under the user's RLS (a batch they cannot see is a 404 problem).
import { getCurrentUser } from '@/lib/auth/require-user';
import { exportBatch } from '@/lib/batches/export-batch';
import { EXPORT_FORMATS, type ExportFormat } from '@/lib/batches/export-stream';
import { streamChunks } from '@/lib/batches/export-stream';
import { UserError } from '@/lib/errors/user-error';
import { problemFromError } from '@/lib/http/problem';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await getCurrentUser();
    if (!user) throw new UserError('UNAUTHENTICATED', 'Your session has ended. Please sign in again.');
    const { id } = await params;
    const format = new URL(request.url).searchParams.get('format') ?? 'csv';
    if (!(format in EXPORT_FORMATS)) {
      throw new UserError('INVALID_INPUT', 'Choose an export format: csv, jsonl, sdf or zip.', { format: ['One of csv, jsonl, sdf or zip.'] });
    }
    const exported = UUID.test(id) ? await exportBatch(user.claims, id, format as ExportFormat) : null;
    if (!exported) throw new UserError('NOT_FOUND', 'No such batch.');
    return new Response(streamChunks(exported.chunks), {
      headers: {
        'content-type': exported.contentType,
        'content-disposition': `attachment; filename="${exported.fileName}"`,
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (error) {
    return problemFromError(error, 'batch export');
  }
}
