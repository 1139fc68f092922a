// POST: submit one calculation. GET: the caller's visible calculations, newest first, a cursor page.
import { json, parseWith, readJson, runApi } from '@/lib/api/handler';
import { listCalculationsPage } from '@/lib/api/calculations';
import { submittedResponse } from '@/lib/api/calculation-responses';
import { listCalculationsQuerySchema, submitCalculationBodySchema } from '@/lib/api/schemas';
import { DEFAULT_CALCULATION_PARAMS } from '@/lib/calculations/parameters';
import { submitCalculation } from '@/lib/jobs/submit-calculation';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return runApi(request, { permission: 'calculation.submit' }, async ({ caller }) => {
    const body = parseWith(submitCalculationBodySchema, await readJson(request));
    const submitted = await submitCalculation(caller, {
      format: body.format,
      text: body.text,
      name: body.name,
      params: { ...DEFAULT_CALCULATION_PARAMS, ...body.params },
    });
    return submittedResponse(submitted);
  });
}

export function GET(request: Request): Promise<Response> {
  return runApi(request, {}, async ({ caller, url }) => {
    const query = parseWith(listCalculationsQuerySchema, Object.fromEntries(url.searchParams));
    return json(await listCalculationsPage(caller.claims, query));
  });
}
