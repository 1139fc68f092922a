// The batch upload's first step, shared by the streamed upload route (app/api/batches/upload): the
// file is analysed (parsed, validated, canonicalised, de-duplicated) and staged server-side under the
// user's RLS; the browser gets the counts, every invalid row with its reason, the duplicates, and a
// token (the staged upload's id) that "Create batch" sends back.
import 'server-only';
import { z } from 'zod';
import type { CurrentUser } from '@/lib/auth/require-user';
import { analyseUpload, type DuplicateRow } from '@/lib/batches/analyse-upload';
import type { RowProblem } from '@/lib/batches/split-rows';
import { stageUpload } from '@/lib/batches/stage-upload';
import { NUL_CHARACTER_MESSAGE } from '@/lib/validation/nul-characters';

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

/** The query string beside the file: its name and the XYZ defaults. */
export const uploadQuerySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Choose a file to upload.')
    .max(1000, 'The file name is too long.')
    // Stored as the batch's source file name: the database cannot hold U+0000 (it was a 500).
    .refine((name) => !name.includes('\u0000'), NUL_CHARACTER_MESSAGE),
  charge: integerField('Charge', -10, 10).default(0),
  uhf: integerField('Unpaired electrons', 0, 20).default(0),
});

export async function previewUpload(
  user: CurrentUser,
  file: { name: string; bytes: Uint8Array },
  defaults: { charge: number; uhf: number },
): Promise<UploadPreview> {
  const analysis = await analyseUpload(file, defaults);
  const uploadId = await stageUpload(user.claims, analysis, defaults);
  return {
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
  };
}
