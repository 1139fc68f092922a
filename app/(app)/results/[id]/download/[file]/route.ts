// Downloads of one calculation (XYZ, SDF, JSON, xtb's log, trajectory). Visibility is the
// database's: the file is read under the user's RLS, and another user's id answers 404.
import { getCurrentUser } from '@/lib/auth/require-user';
import { calculationFileResponse } from '@/lib/calculations/calculation-file-response';
import { problemFromError, problemResponse } from '@/lib/http/problem';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string; file: string }> }) {
  try {
    const user = await getCurrentUser();
    if (!user) return problemResponse({ status: 401, code: 'UNAUTHENTICATED', detail: 'Your session has ended. Please sign in again.' });
    const { id, file } = await params;
    return await calculationFileResponse(user.claims, id, file);
  } catch (error) {
    return problemFromError(error, 'calculation download');
  }
}
