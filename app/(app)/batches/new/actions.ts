'use server';

// Batch creation: the token of a staged upload (app/api/batches/upload, ./upload-preview.ts), a
// name and the parameters make the batch in one transaction. The file itself never goes through a
// server action: the upload route reads it with its own 50 MB limit, so the server-action body limit
// stays small (next.config.ts).
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { authedAction, type ActionResult } from '@/lib/actions/safe-action';
import { createBatchFromUpload } from '@/lib/batches/create-batch';
import { isUserError } from '@/lib/errors/user-error';

export type { UploadPreview } from './upload-preview';

type Outcome<T> = { ok: true; value: T } | { ok: false; message: string; fieldErrors: Record<string, string[]> };

const createSchema = z.object({
  uploadId: z.uuid('Upload the file again.'),
  name: z.string().trim().min(1, 'Please name the batch.').max(200, 'At most 200 characters.'),
  // Validated by lib/batches with the editor's schema (and the xtb checks), errors keyed params.*.
  params: z.record(z.string(), z.unknown()),
});

const create = authedAction({ schema: createSchema, permission: 'calculation.submit' }, async (input, user): Promise<Outcome<string>> => {
  try {
    const created = await createBatchFromUpload(user, { uploadId: input.uploadId, name: input.name, params: input.params });
    return { ok: true, value: created.batchId };
  } catch (error) {
    if (isUserError(error)) return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
    throw error;
  }
});

export async function createBatchAction(input: z.input<typeof createSchema>): Promise<ActionResult<never>> {
  const result = await create(input);
  if (!result.ok) return result;
  if (!result.data.ok) return { ok: false, message: result.data.message, fieldErrors: result.data.fieldErrors };
  redirect(`/batches/${result.data.value}`);
}
