// One downloadable file of a calculation as an HTTP response, read under the user's RLS: a
// calculation the user may not see answers exactly like a missing one (404 problem document).
import 'server-only';
import type { JwtClaims } from '../db/as-user.ts';
import { problemResponse } from '../http/problem.ts';
import { buildCalculationFile, CALCULATION_FILES, contentDisposition, isCalculationFileKind } from './calculation-files.ts';
import { getCalculation } from './get-calculation.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function calculationFileResponse(claims: JwtClaims, id: string, file: string): Promise<Response> {
  if (!isCalculationFileKind(file)) {
    return problemResponse({ status: 404, code: 'NOT_FOUND', detail: `No such file. A calculation offers: ${CALCULATION_FILES.join(', ')}.` });
  }
  const calc = UUID.test(id) ? await getCalculation(claims, id, { molden: file === 'molden.input' }) : null;
  if (!calc) return problemResponse({ status: 404, code: 'NOT_FOUND', detail: 'No such calculation.' });
  const built = buildCalculationFile(calc, file);
  if (!built) return problemResponse({ status: 404, code: 'NOT_FOUND', detail: 'This calculation has no such file (yet).' });
  return new Response(built.body, {
    status: 200,
    headers: {
      'content-type': built.contentType,
      'content-disposition': contentDisposition(built.fileName),
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
