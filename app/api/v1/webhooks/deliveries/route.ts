// GET: the caller's webhook deliveries, newest first, a cursor page, filtered by outcome and event
// type: what the Webhooks tab in settings shows, for scripts that watch their receivers.
import { json, parseWith, runApi } from '@/lib/api/handler';
import { listDeliveriesAfter, listDeliveriesQuerySchema } from '@/lib/webhooks/list-deliveries';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return runApi(request, {}, async ({ caller, url }) =>
    json(await listDeliveriesAfter(caller.claims, parseWith(listDeliveriesQuerySchema, Object.fromEntries(url.searchParams)))),
  );
}
