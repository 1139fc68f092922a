'use server';

// Submit from the editor: zod, authentication and the `calculation.submit` permission through authedAction (viewers are refused
// here, whatever the page showed), then lib/jobs validates the molecule and stores the calculation
// under the user's RLS, which refuses viewers a second time.
import { z } from 'zod';
import { DEFAULT_MAX_INPUT_BYTES, formatBytes } from '@/lib/chem/input-limits';
import { authedAction, type ActionResult } from '@/lib/actions/safe-action';
import { UserError } from '@/lib/errors/user-error';
import { submitCalculation } from '@/lib/jobs/submit-calculation';
import { calculationParamsSchema, PARAMETER_FIELDS } from '@/lib/calculations/parameters';

const submitSchema = z.object({
  format: z.enum(['smiles', 'xyz', 'mol', 'sdf']),
  // One limit with the parsers and next.config's body limit (lib/chem/input-limits.ts).
  text: z.string().max(DEFAULT_MAX_INPUT_BYTES, `The structure text is larger than ${formatBytes(DEFAULT_MAX_INPUT_BYTES)}.`),
  name: z.string().trim().max(200, 'At most 200 characters.').optional(),
  fromSketch: z.boolean().optional(),
  params: calculationParamsSchema,
});

export type SubmitCalculationForm = z.input<typeof submitSchema>;

const PARAM_FIELDS = new Set<string>(PARAMETER_FIELDS);

/** lib/jobs names parameter fields bare (`charge`) and structure fields by input (`text`, `smiles`); the form keys them. */
function formFieldErrors(errors: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(errors)) {
    const key = PARAM_FIELDS.has(field) ? `params.${field}` : field === 'geometry' ? 'text' : field;
    (out[key] ??= []).push(...messages);
  }
  return out;
}

type Submitted = { ok: true; id: string; warnings: string[] } | { ok: false; message: string; fieldErrors: Record<string, string[]> };

const submit = authedAction({ schema: submitSchema, permission: 'calculation.submit' }, async (input, user): Promise<Submitted> => {
  try {
    const submitted = await submitCalculation(user, {
      format: input.format,
      text: input.text,
      name: input.name || undefined,
      params: input.params,
      fromSketch: input.fromSketch,
    });
    return { ok: true, id: submitted.calculationId, warnings: submitted.warnings };
  } catch (error) {
    // Anything the user can fix comes back with its fields; other errors are logged and hidden by authedAction.
    if (error instanceof UserError) return { ok: false, message: error.message, fieldErrors: formFieldErrors(error.fieldErrors) };
    throw error;
  }
});

export async function submitCalculationAction(input: SubmitCalculationForm): Promise<ActionResult<{ id: string; warnings: string[] }>> {
  const result = await submit(input);
  if (!result.ok) return result;
  if (!result.data.ok) return { ok: false, message: result.data.message, fieldErrors: result.data.fieldErrors };
  return { ok: true, data: { id: result.data.id, warnings: result.data.warnings } };
}
