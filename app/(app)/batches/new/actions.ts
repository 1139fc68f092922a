'use server';

// Batch upload and creation. Preview: the file is analysed (parsed, validated, canonicalised,
// de-duplicated) and staged server-side under the user's RLS; the browser gets the counts, every
// invalid row with its reason, the duplicates, and a token (the staged upload's id). Create: the
// token, a name and the parameters make the batch in one transaction.
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { authedAction, type ActionResult } from '@/lib/actions/safe-action';
import { analyseUpload, type DuplicateRow } from '@/lib/batches/analyse-upload';
import { createBatchFromUpload } from '@/lib/batches/create-batch';
import type { RowProblem } from '@/lib/batches/split-rows';
import { stageUpload } from '@/lib/batches/stage-upload';
import { MAX_UPLOAD_BYTES, formatMegabytes } from '@/lib/batches/upload-file';
import { isUserError } from '@/lib/errors/user-error';

export type UploadPreview = {
  uploadId: string;
  fileName: string;
  format: string;
  rowLabel: string;
  totalRows: number;
  valid: number;
  invalid: RowProblem[];
  duplicates: DuplicateRow[];
  /** The first valid molecules, to check the columns were read as meant. */
  sample: { row: number; name: string; smiles: string | null; formula: string; duplicateRows: number[] }[];
};

const integerField = (label: string, min: number, max: number) =>
  z.coerce.number().int(`${label} must be a whole number.`).min(min, `${label} must be at least ${min}.`).max(max, `${label} must be at most ${max}.`);

const previewSchema = z.object({
  file: z.instanceof(File, { message: 'Choose a file to upload.' }).refine((file) => file.size <= MAX_UPLOAD_BYTES, {
    message: `The file is larger than 50 MB, the limit per batch (${formatMegabytes(MAX_UPLOAD_BYTES)}). Split it into several batches.`,
  }),
  charge: integerField('Charge', -10, 10).default(0),
  uhf: integerField('Unpaired electrons', 0, 20).default(0),
});

type Outcome<T> = { ok: true; value: T } | { ok: false; message: string; fieldErrors: Record<string, string[]> };

const preview = authedAction({ schema: previewSchema, permission: 'calculation.submit' }, async (input, user): Promise<Outcome<UploadPreview>> => {
  try {
    const defaults = { charge: input.charge, uhf: input.uhf };
    const analysis = await analyseUpload({ name: input.file.name, bytes: new Uint8Array(await input.file.arrayBuffer()) }, defaults);
    const uploadId = await stageUpload(user.claims, analysis, defaults);
    return {
      ok: true,
      value: {
        uploadId,
        fileName: analysis.fileName,
        format: analysis.format,
        rowLabel: analysis.rowLabel,
        totalRows: analysis.totalRows,
        valid: analysis.molecules.length,
        invalid: analysis.invalid,
        duplicates: analysis.duplicates,
        sample: analysis.molecules.slice(0, 10).map((m) => ({
          row: m.row,
          name: m.name,
          smiles: m.canonicalSmiles,
          formula: m.formula,
          duplicateRows: m.duplicateRows,
        })),
      },
    };
  } catch (error) {
    if (isUserError(error)) return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
    throw error;
  }
});

export async function previewUploadAction(formData: FormData): Promise<ActionResult<UploadPreview>> {
  const result = await preview(formData);
  if (!result.ok) return result;
  if (!result.data.ok) return { ok: false, message: result.data.message, fieldErrors: result.data.fieldErrors };
  return { ok: true, data: result.data.value };
}

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
