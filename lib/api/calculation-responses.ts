// What the /api/v1/calculations routes answer a submission with, written once: the 201 of submit and
// rerun. (The visible calculation behind a path id is `visibleCalculation` in handler.ts.)
import 'server-only';
import type { SubmittedCalculation } from '../jobs/submit-calculation.ts';
import { json } from './handler.ts';

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
