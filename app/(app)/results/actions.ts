'use server';

// Cancel and rerun from the result page. authedAction checks the permission; lib/jobs acts under the
// user's RLS (a calculation the user cannot see or change is refused there as well).
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { authedAction, type ActionResult } from '@/lib/actions/safe-action';
import { UserError } from '@/lib/errors/user-error';
import { cancelCalculation } from '@/lib/jobs/cancel-calculation';
import { continueFromDistortedGeometry, rerunCalculation } from '@/lib/jobs/rerun-calculation';

const idSchema = z.object({ id: z.uuid('Not a calculation id.') });

type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

async function wrap<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof UserError) return { ok: false, message: error.message };
    throw error;
  }
}

function unwrap<T>(result: ActionResult<Outcome<T>>): ActionResult<T> {
  if (!result.ok) return result;
  return result.data.ok ? { ok: true, data: result.data.value } : { ok: false, message: result.data.message };
}

const cancel = authedAction({ schema: idSchema, permission: 'calculation.cancel' }, (input, user) =>
  wrap(async () => {
    const outcome = await cancelCalculation(user, input.id);
    revalidatePath(`/results/${input.id}`);
    return outcome;
  }),
);

const rerun = authedAction({ schema: idSchema, permission: 'calculation.rerun' }, (input, user) =>
  wrap(async () => {
    const submitted = await rerunCalculation(user, input.id);
    return { id: submitted.calculationId };
  }),
);

const continueDistorted = authedAction({ schema: idSchema, permission: 'calculation.submit' }, (input, user) =>
  wrap(async () => {
    const submitted = await continueFromDistortedGeometry(user, input.id);
    return { id: submitted.calculationId };
  }),
);

/** A new optimisation + frequencies from xtb's geometry distorted along the imaginary modes. */
export async function continueFromDistortedAction(input: { id: string }): Promise<ActionResult<{ id: string }>> {
  return unwrap(await continueDistorted(input));
}

export async function cancelCalculationAction(input: { id: string }): Promise<ActionResult<{ status: 'cancelled' | 'cancelling' }>> {
  return unwrap(await cancel(input));
}

export async function rerunCalculationAction(input: { id: string }): Promise<ActionResult<{ id: string }>> {
  return unwrap(await rerun(input));
}
