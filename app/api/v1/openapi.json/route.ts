// The OpenAPI 3.1 document of /api/v1, generated from the zod schemas (public: it describes, not serves, data).
import { openApiDocument } from '@/lib/api/openapi';

export const runtime = 'nodejs';

export function GET(): Response {
  return Response.json(openApiDocument(), { headers: { 'cache-control': 'public, max-age=300' } });
}
