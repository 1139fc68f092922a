// Batches for /api/v1: created through the same analyse → stage → bulk-create path as /batches/new
// (lib/batches), from a JSON list of structures or from an uploaded file (multipart, or the file as
// the raw body with its content type); listed as cursor pages; items paged; all under the caller's RLS.
import 'server-only';
import { z } from 'zod';
import { analyseRows, analyseUpload, type UploadAnalysis } from '../batches/analyse-upload.ts';
import { createBatchFromUpload } from '../batches/create-batch.ts';
import { ERROR_TYPES, ITEM_STATUSES, listBatchItems, SUMMARY_COLUMNS, toSummary, type SummaryRow } from '../batches/read-batches.ts';
import type { RowInput, RowProblem } from '../batches/split-rows.ts';
import { stageUpload } from '../batches/stage-upload.ts';
import { MAX_BATCH_ROWS, MAX_UPLOAD_BYTES, UPLOAD_FORMATS } from '../batches/upload-file.ts';
import { DEFAULT_CALCULATION_PARAMS, OPT_LEVELS, PARAMETER_FIELDS } from '../calculations/parameters.ts';
import { asUser, type JwtClaims } from '../db/as-user.ts';
import { addFieldError, UserError, type FieldErrors } from '../errors/user-error.ts';
import { readLimitedBody } from '../http/read-limited-body.ts';
import type { ApiCaller } from './authenticate.ts';
import { decodeOffsetCursor, decodeTimeCursor, encodeCursor } from './cursor.ts';
import { parseWith, readJson, refuseNulCharacters } from './handler.ts';
import { calculationParamsDocSchema } from './schemas.ts';
import { pathOfNulCharacter } from '../validation/nul-characters.ts';

const whole = (label: string, min: number, max: number) =>
  z
    .number(`${label} must be a number.`)
    .int(`${label} must be a whole number.`)
    .min(min, `${label} must be at least ${min}.`)
    .max(max, `${label} must be at most ${max}.`);

export const batchMoleculeSchema = z
  .object({
    smiles: z.string().max(10_000).optional(),
    xyz: z.string().max(2_000_000).optional().describe('One XYZ frame (atom count, comment, atoms).'),
    name: z.string().max(200).optional(),
    charge: whole('Charge', -10, 10).optional(),
    uhf: whole('Unpaired electrons', 0, 20).optional(),
  })
  .meta({ id: 'BatchMolecule', description: 'One structure: `smiles` or `xyz` (not both).' });

const batchFields = {
  name: z.string('Please name the batch.').trim().min(1, 'Please name the batch.').max(200, 'A batch name has 1 to 200 characters.'),
  description: z.string().max(2000).optional(),
  charge: whole('Charge', -10, 10).default(0).describe('For XYZ structures that give none (SMILES carry their own).'),
  uhf: whole('Unpaired electrons', 0, 20).default(0).describe('For XYZ structures that give none.'),
};

export const createBatchBodySchema = z
  .object({
    ...batchFields,
    params: z.record(z.string(), z.unknown()).optional().describe('Calculation parameters (CalculationParams); any left out take the defaults.'),
    molecules: z
      .array(batchMoleculeSchema)
      .min(1, 'Give at least one molecule.')
      .max(MAX_BATCH_ROWS, `At most ${MAX_BATCH_ROWS.toLocaleString('en-US')} molecules per batch.`)
      .describe('Row n of the batch is the n-th entry (from 1), as problems name them.'),
  })
  .meta({ id: 'CreateBatch' });

/** The multipart form: the file plus the batch fields and the parameters as separate fields. */
export const createBatchFormSchema = z
  .object({
    file: z.string().describe('The batch file (.csv/.tsv, .smi, .sdf or multi-frame .xyz), as on the New batch page.'),
    name: z.string(),
    description: z.string().optional(),
    charge: z.string().optional(),
    uhf: z.string().optional(),
    ...Object.fromEntries(PARAMETER_FIELDS.filter((f) => f !== 'charge' && f !== 'uhf').map((f) => [f, z.string().optional()])),
  })
  .meta({ id: 'CreateBatchForm', description: 'Parameters are fields of their own (task=opt, method=gfn2, …).' });

const countsSchema = z.object({
  total: z.number().int(),
  invalid: z.number().int(),
  queued: z.number().int(),
  running: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  done: z.number().int(),
});

export const batchSummarySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    status: z.string(),
    sourceFilename: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    counts: countsSchema,
    sharedBy: z.string().nullable().describe("Someone else's batch shared with one of your teams: the owner's name; null for your own."),
  })
  .meta({ id: 'BatchSummary' });

export const batchDetailSchema = batchSummarySchema
  .extend({
    parameters: z.record(z.string(), z.unknown()),
    throughput: z.array(z.object({ minute: z.string(), finished: z.number().int() })).describe('Calculations finished per minute.'),
    ratePerMinute: z.number().nullable(),
    etaSeconds: z.number().nullable(),
  })
  .meta({ id: 'BatchDetail' });

export const batchPageSchema = z.object({ items: z.array(batchSummarySchema), next_cursor: z.string().nullable() }).meta({ id: 'BatchPage' });

const rowProblemSchema = z.object({ row: z.number().int(), reason: z.string(), input: z.string().optional() });

export const createdBatchSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    calculations: z.number().int().describe('Queued, one per distinct valid structure.'),
    moleculesCreated: z.number().int(),
    rowLabel: z.string().describe('What a row number counts: row, line, record or frame.'),
    totalRows: z.number().int(),
    invalid: z.array(rowProblemSchema).describe('Rows that cannot be computed, with the reason; kept in the batch as invalid items.'),
    duplicates: z.array(z.object({ row: z.number().int(), firstRow: z.number().int() })).describe('Rows merged into an earlier identical one.'),
  })
  .meta({ id: 'CreatedBatch' });

export const listBatchesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1, 'limit must be between 1 and 100.').max(100, 'limit must be between 1 and 100.').default(20),
  cursor: z.string().max(200).optional().describe('next_cursor of the previous page.'),
});

export const listBatchItemsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1, 'limit must be between 1 and 200.').max(200, 'limit must be between 1 and 200.').default(50),
  cursor: z.string().max(200).optional().describe('next_cursor of the previous page.'),
  status: z.enum(ITEM_STATUSES).optional(),
  error: z.enum(ERROR_TYPES).optional().describe('Failure type.'),
});

export const batchItemSchema = z
  .object({
    id: z.uuid(),
    row: z.number().int().nullable().describe('Row of the source, numbered as problems name them.'),
    name: z.string().nullable(),
    input: z.string().nullable(),
    status: z.enum(ITEM_STATUSES),
    errorType: z.string().nullable(),
    errorMessage: z.string().nullable(),
    calculationId: z.uuid().nullable(),
    totalEnergy: z.number().nullable().describe('Hartree.'),
    duplicateRows: z.array(z.number().int()),
  })
  .meta({ id: 'BatchItem' });

export const batchItemPageSchema = z
  .object({ items: z.array(batchItemSchema), total: z.number().int().describe('Items matching the filters.'), next_cursor: z.string().nullable() })
  .meta({ id: 'BatchItemPage' });

export const cancelledBatchSchema = z
  .object({
    id: z.uuid(),
    cancelled: z.number().int().describe('Queued calculations closed at once.'),
    stopping: z.number().int().describe('Running ones told to stop.'),
  })
  .meta({ id: 'CancelledBatch' });

export const retryBatchBodySchema = z
  .object({
    etemp: z.number().positive().optional().describe('A higher electronic temperature (K) than the batch used.'),
    optLevel: z.enum(OPT_LEVELS).optional(),
  })
  .meta({ id: 'RetryBatch', description: 'What the retry changes; an empty body retries with the batch parameters.' });

export const retriedBatchSchema = z
  .object({ id: z.uuid(), retried: z.number().int(), params: calculationParamsDocSchema.describe('The parameters the retries run with.') })
  .meta({ id: 'RetriedBatch' });

// ------------------------------------------------------------------------------------------- create

/** Raw bodies: the file's media type names its format (`?filename=` may name it instead). */
const MEDIA_TYPES: Record<string, (typeof UPLOAD_FORMATS)[number]> = {
  'text/csv': 'csv',
  'text/tab-separated-values': 'csv',
  'chemical/x-daylight-smiles': 'smi',
  'chemical/x-mdl-sdfile': 'sdf',
  'chemical/x-mdl-molfile': 'sdf',
  'chemical/x-xyz': 'xyz',
};
export const BATCH_FILE_MEDIA_TYPES = Object.keys(MEDIA_TYPES);

type BatchRequest = {
  name: string;
  description?: string;
  params: Record<string, unknown>;
  analysis: UploadAnalysis;
  defaults: { charge: number; uhf: number };
};

/** A JSON list as the rows of a batch: row n is the n-th entry; an entry with neither or both structures is an invalid row. */
function rowsOfList(molecules: z.infer<typeof batchMoleculeSchema>[]): { rows: RowInput[]; problems: RowProblem[] } {
  const rows: RowInput[] = [];
  const problems: RowProblem[] = [];
  molecules.forEach((m, index) => {
    const row = index + 1;
    const smiles = m.smiles?.trim() ? m.smiles.trim() : undefined;
    const xyz = m.xyz?.trim() ? m.xyz : undefined;
    if (Boolean(smiles) === Boolean(xyz)) {
      problems.push({ row, reason: smiles ? 'Give either "smiles" or "xyz", not both.' : 'Give the structure as "smiles" or "xyz".' });
      return;
    }
    rows.push({ row, format: smiles ? 'smiles' : 'xyz', text: (smiles ?? xyz)!, name: m.name, charge: m.charge, uhf: m.uhf });
  });
  return { rows, problems };
}

/** zod's paths into the list (molecules.2.charge) named as the batch's rows (row 3.charge). */
function parseBody(raw: unknown): z.infer<typeof createBatchBodySchema> {
  const parsed = createBatchBodySchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const [first, index, ...rest] = issue.path;
    const field = first === 'molecules' && typeof index === 'number' ? [`row ${index + 1}`, ...rest].join('.') : issue.path.join('.') || 'body';
    addFieldError(errors, field, issue.message);
  }
  throw new UserError('INVALID_INPUT', 'Please correct the request.', errors);
}

const formNumber = (value: FormDataEntryValue | string | null | undefined) =>
  typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value === null || value === '' ? undefined : value;

/** The batch fields and parameters given as form fields or query parameters (strings). */
function fieldsFrom(get: (name: string) => string | null | undefined): { fields: z.infer<z.ZodObject<typeof batchFields>>; params: Record<string, unknown> } {
  const fields = parseWith(z.object(batchFields), {
    name: get('name') ?? undefined,
    description: get('description') ?? undefined,
    charge: formNumber(get('charge')),
    uhf: formNumber(get('uhf')),
  });
  const params: Record<string, unknown> = {};
  for (const field of PARAMETER_FIELDS) {
    const value = field === 'charge' || field === 'uhf' ? null : get(field);
    if (value !== null && value !== undefined && value !== '') params[field] = value;
  }
  return { fields, params };
}

/** Reads any of the three request forms into an analysed batch source (the chemistry done once, as the preview does). */
export async function readBatchRequest(request: Request, url: URL): Promise<BatchRequest> {
  const contentType = request.headers.get('content-type') ?? '';
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  // Uploads are read up to the limit and no further, chunked or not (the form's fields get a little room).
  const readUpload = () =>
    readLimitedBody(request, MAX_UPLOAD_BYTES + 64 * 1024, 'The upload is larger than 50 MB, the limit per batch. Split it into several batches.');
  if (type === 'application/json' || type.endsWith('+json')) {
    const body = parseBody(await readJson(request, MAX_UPLOAD_BYTES));
    const defaults = { charge: body.charge, uhf: body.uhf };
    const analysis = await analyseRows({ fileName: 'JSON list', format: 'csv', rowLabel: 'row' }, rowsOfList(body.molecules), defaults);
    return { name: body.name, description: body.description, params: body.params ?? {}, analysis, defaults };
  }
  if (type === 'multipart/form-data') {
    const bytes = await readUpload();
    let form: FormData;
    try {
      form = await new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': contentType } }).formData();
    } catch {
      throw new UserError('INVALID_INPUT', 'The multipart body could not be read.');
    }
    const file = form.get('file');
    if (!(file instanceof File)) throw new UserError('INVALID_INPUT', 'Choose a file to upload.', { file: ['Send the batch file as the "file" field.'] });
    refuseNulCharacters(pathOfNulCharacter(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string'))));
    const { fields, params } = fieldsFrom((name) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : null;
    });
    const defaults = { charge: fields.charge, uhf: fields.uhf };
    const analysis = await analyseUpload({ name: file.name || 'upload.csv', bytes: new Uint8Array(await file.arrayBuffer()) }, defaults);
    return { name: fields.name, description: fields.description, params, analysis, defaults };
  }
  const fromType = MEDIA_TYPES[type];
  const fileName = url.searchParams.get('filename') ?? (fromType ? `upload.${fromType}` : null);
  if (!fileName) {
    throw new UserError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Send a JSON list (application/json), a multipart form with a "file" field, or the file itself as ${BATCH_FILE_MEDIA_TYPES.join(', ')} (or any type with ?filename=…).`,
    );
  }
  const { fields, params } = fieldsFrom((name) => url.searchParams.get(name));
  const defaults = { charge: fields.charge, uhf: fields.uhf };
  const analysis = await analyseUpload({ name: fileName, bytes: await readUpload() }, defaults);
  return { name: fields.name, description: fields.description, params, analysis, defaults };
}

export async function createBatch(caller: ApiCaller, input: BatchRequest): Promise<z.infer<typeof createdBatchSchema>> {
  const uploadId = await stageUpload(caller.claims, input.analysis, input.defaults);
  const created = await createBatchFromUpload(caller, {
    uploadId,
    name: input.name,
    description: input.description,
    params: { ...DEFAULT_CALCULATION_PARAMS, ...input.params },
  });
  return {
    id: created.batchId,
    name: input.name.trim(),
    calculations: created.calculations,
    moleculesCreated: created.moleculesCreated,
    rowLabel: input.analysis.rowLabel,
    totalRows: input.analysis.totalRows,
    invalid: input.analysis.invalid,
    duplicates: input.analysis.duplicates.map((d) => ({ row: d.row, firstRow: d.firstRow })),
  };
}

// --------------------------------------------------------------------------------------------- read

type BatchPage = z.infer<typeof batchPageSchema>;

export async function listBatchesPage(claims: JwtClaims, query: z.infer<typeof listBatchesQuerySchema>): Promise<BatchPage> {
  const after = query.cursor ? decodeTimeCursor(query.cursor) : null;
  return asUser(claims, async (db) => {
    const { rows } = await db.query<SummaryRow & { created_key: string }>(
      `select ${SUMMARY_COLUMNS}, to_char(b.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key
         from public.batch_jobs b join public.batch_job_progress p on p.batch_id = b.id
        ${after ? 'where (b.created_at, b.id) < ($2::timestamptz, $3::uuid)' : ''}
        order by b.created_at desc, b.id desc
        limit $1`,
      after ? [query.limit + 1, after[0], after[1]] : [query.limit + 1],
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toSummary),
      next_cursor: rows.length > query.limit && last ? encodeCursor([last.created_key, last.id]) : null,
    };
  });
}

/** A page of a batch's items in row order (the page's own query); the cursor is the offset. */
export async function listBatchItemsPage(
  claims: JwtClaims,
  batchId: string,
  query: z.infer<typeof listBatchItemsQuerySchema>,
): Promise<z.infer<typeof batchItemPageSchema>> {
  const offset = query.cursor ? decodeOffsetCursor(query.cursor) : 0;
  const { items, total } = await listBatchItems(claims, batchId, {
    page: 1,
    offset,
    pageSize: query.limit,
    status: query.status,
    errorType: query.error,
    sort: 'row',
    descending: false,
  });
  const next = offset + items.length;
  return {
    items: items.map((i) => ({ ...i, status: i.status as (typeof ITEM_STATUSES)[number] })),
    total,
    next_cursor: next < total && items.length > 0 ? encodeCursor([next]) : null,
  };
}
