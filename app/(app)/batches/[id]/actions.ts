'use server';

// Batch controls: cancel, retry the failed items (optionally hotter or with the next optimisation
// level), delete a finished batch. lib/batches/control-batch does the work under the user's RLS.
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { authedAction, type ActionResult } from '@/lib/actions/safe-action';
import { cancelBatch, deleteBatch, retryFailedItems, type CancelledBatch, type RetriedBatch } from '@/lib/batches/control-batch';
import { OPT_LEVELS } from '@/lib/calculations/parameters';

const batchId = z.object({ batchId: z.uuid('No such batch.') });

const cancel = authedAction({ schema: batchId, permission: 'calculation.submit' }, async (input, user) => {
  const result = await cancelBatch(user, input.batchId);
  revalidatePath(`/batches/${input.batchId}`);
  return result;
});

export async function cancelBatchAction(input: z.input<typeof batchId>): Promise<ActionResult<CancelledBatch>> {
  return cancel(input);
}

const retrySchema = batchId.extend({
  etemp: z.coerce
    .number('Electronic temperature must be a number.')
    .positive('Electronic temperature must be above 0 K.')
    .max(50_000, 'At most 50,000 K.')
    .optional(),
  optLevel: z.enum(OPT_LEVELS, 'Choose an optimisation level.').optional(),
});

const retry = authedAction({ schema: retrySchema, permission: 'calculation.submit' }, async (input, user) => {
  const result = await retryFailedItems(user, input.batchId, { etemp: input.etemp, optLevel: input.optLevel });
  revalidatePath(`/batches/${input.batchId}`);
  return result;
});

export async function retryFailedItemsAction(input: z.input<typeof retrySchema>): Promise<ActionResult<RetriedBatch>> {
  return retry(input);
}

const remove = authedAction({ schema: batchId, permission: 'calculation.submit' }, async (input, user) => deleteBatch(user, input.batchId));

export async function deleteBatchAction(input: z.input<typeof batchId>): Promise<ActionResult<never>> {
  const result = await remove(input);
  if (!result.ok) return result;
  revalidatePath('/batches');
  redirect('/batches');
}
