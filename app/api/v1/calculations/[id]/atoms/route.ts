// Per-atom data of one calculation: element, coordinates (Å), partial charge, |force|.
import { json, runApi } from '@/lib/api/handler';
import { visibleCalculation } from '@/lib/api/calculation-responses';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return runApi(request, {}, async ({ caller }) => {
    const detail = await visibleCalculation(caller.claims, params);
    return json({ calculationId: detail.id, atoms: detail.atoms });
  });
}
