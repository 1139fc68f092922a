// What the /api/v1/calculations routes answer with, written once: a submission's 201 (submit and
// rerun) and the visible calculation behind a path id (details and atoms), a 404 problem otherwise.
import 'server-only';
import type { JwtClaims } from '../db/as-user.ts';
import { getCalculation, type CalculationDetail } from '../calculations/get-calculation.ts';
import { UserError } from '../errors/user-error.ts';
import type { SubmittedCalculation } from '../jobs/submit-calculation.ts';
import { calculationIdFrom, json } from './handler.ts';

export function submittedResponse(submitted: SubmittedCalculation): Response {
  return json(
    {
      id: submitted.calculationId,
      status: 'queued',
      moleculeId: submitted.moleculeId,
      needsEmbedding: submitted.needsEmbedding,
      warnings: submitted.warnings,
    },
    201,
    { location: `/api/v1/calculations/${submitted.calculationId}` },
  );
}

/** The calculation the path names, as the caller's row-level security shows it. */
export async function visibleCalculation(claims: JwtClaims, params: Promise<{ id: string }>): Promise<CalculationDetail> {
  const detail = await getCalculation(claims, await calculationIdFrom(params));
  if (!detail) throw new UserError('NOT_FOUND', 'No such calculation.');
  return detail;
}
