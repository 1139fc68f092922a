// The batch file upload: the raw file is the request body (its name and the XYZ defaults in the
// query string), read with a byte limit that stops at 50 MB — chunked or not — and answers 413 in
// words. A streamed route rather than a server action, so the server-action body limit stays small
// for every other action (next.config.ts). Answers the preview as JSON, refusals as problem documents.
import { can, PERMISSION_DENIED_MESSAGE } from '@/lib/auth/permissions';
import { getCurrentUser } from '@/lib/auth/require-user';
import { checkUploadSize, formatMegabytes, MAX_UPLOAD_BYTES } from '@/lib/batches/upload-file';
import { UserError } from '@/lib/errors/user-error';
import { problemFromError } from '@/lib/http/problem';
import { readLimitedBody } from '@/lib/http/read-limited-body';
import { sameOrigin } from '@/lib/http/same-origin';
import { fieldErrorsOf } from '@/lib/actions/safe-action';
import { previewUpload, uploadQuerySchema } from '@/app/(app)/batches/new/upload-preview';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const TOO_LARGE = `The file is larger than 50 MB, the limit per batch (${formatMegabytes(MAX_UPLOAD_BYTES)}). Split it into several batches.`;

export async function POST(request: Request) {
  try {
    if (!sameOrigin(request)) throw new UserError('FORBIDDEN', 'Cross-site uploads are refused.');
    const user = await getCurrentUser();
    if (!user) throw new UserError('UNAUTHENTICATED', 'Your session has ended. Please sign in again.');
    if (!can(user, 'calculation.submit')) throw new UserError('FORBIDDEN', PERMISSION_DENIED_MESSAGE);
    const query = uploadQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw new UserError('INVALID_INPUT', 'Check the highlighted fields.', fieldErrorsOf(query.error));
    const bytes = await readLimitedBody(request, MAX_UPLOAD_BYTES, TOO_LARGE);
    checkUploadSize(bytes.byteLength);
    const preview = await previewUpload(user, { name: query.data.name, bytes }, { charge: query.data.charge, uhf: query.data.uhf });
    return Response.json(preview, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return problemFromError(error, 'batch upload');
  }
}
