// One calculation with its results. A finished calculation no longer changes: it carries an ETag
// and answers a matching If-None-Match with 304.
import { createHash } from 'node:crypto';
import { json, runApi } from '@/lib/api/handler';
import { visibleCalculation } from '@/lib/api/calculation-responses';
import { TERMINAL_STATUSES } from '@/lib/calculations/statuses';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return runApi(request, {}, async ({ caller }) => {
    const detail = await visibleCalculation(caller.claims, params);
    const body = JSON.stringify(detail);
    if (!TERMINAL_STATUSES.includes(detail.status))
      return new Response(body, { headers: { 'content-type': 'application/json', 'cache-control': 'private, no-store' } });
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
    const headers = { etag, 'cache-control': 'private, no-cache' };
    const presented = request.headers.get('if-none-match');
    if (presented && presented.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*')) {
      return new Response(null, { status: 304, headers });
    }
    return json(detail, 200, headers);
  });
}
