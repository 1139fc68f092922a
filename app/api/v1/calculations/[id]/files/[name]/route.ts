// One file of a calculation: the same response as the result page's download route.
import { runApi } from '@/lib/api/handler';
import { calculationFileResponse } from '@/lib/calculations/calculation-file-response';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request, { params }: { params: Promise<{ id: string; name: string }> }): Promise<Response> {
  return runApi(request, {}, async ({ caller }) => {
    const { id, name } = await params;
    return calculationFileResponse(caller.claims, id, name);
  });
}
