// The /api/v1 request and response schemas. Requests are validated with them, response bodies are
// typed by them, and the OpenAPI document (openapi.ts) is generated from them — one source.
import { z } from 'zod';
import { METHODS, OPT_LEVELS, SOLVATION_MODELS, TASKS } from '../calculations/parameters.ts';
import { CALCULATION_FILES } from '../calculations/calculation-files.ts';
import { CALCULATION_STATUSES, ERROR_TYPES } from '../calculations/statuses.ts';
import { SORT_COLUMNS } from '../results/results-query.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../batches/export-stream.ts';
import { MOLECULE_FORMATS } from '../chem/molecule-input.ts';

export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string().optional(),
    errors: z.record(z.string(), z.array(z.string())).optional().describe('Field → messages, the same words the app shows.'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem document (application/problem+json).' });

export const submitCalculationBodySchema = z
  .object({
    format: z.enum(MOLECULE_FORMATS).describe('How `text` is written.'),
    text: z.string().min(1).max(2_000_000).describe('The structure: a SMILES string, or the contents of an XYZ, MOL or SDF file.'),
    name: z.string().trim().max(200).optional(),
    params: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Calculation parameters; any left out take the defaults (GFN2-xTB single point, neutral, closed shell).'),
  })
  .meta({ id: 'SubmitCalculation' });

/** The parameter fields, for the document (validation itself is calculationParamsSchema's). */
export const calculationParamsDocSchema = z
  .object({
    method: z.enum(METHODS).optional(),
    task: z.enum(TASKS).optional(),
    optLevel: z.enum(OPT_LEVELS).optional(),
    solvationModel: z.enum(SOLVATION_MODELS).optional(),
    solvent: z.string().optional(),
    charge: z.number().int().optional(),
    uhf: z.number().int().optional(),
    etemp: z.number().optional(),
    accuracy: z.number().optional(),
    maxIterations: z.number().int().optional(),
    timeoutSeconds: z.number().int().optional(),
    maxOptCycles: z.number().int().optional(),
  })
  .meta({ id: 'CalculationParams' });

export const submittedCalculationSchema = z
  .object({
    id: z.uuid(),
    status: z.literal('queued'),
    moleculeId: z.uuid(),
    needsEmbedding: z.boolean().describe('The worker generates the 3D geometry first (SMILES input).'),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'SubmittedCalculation' });

const optionalNumber = (what: string) => z.coerce.number(`${what} must be a number.`).finite(`${what} must be a number.`).optional();

/** The results page's filters; energies in Eh, gaps in eV (the API's units). */
const calculationFilterFields = {
  status: z.enum(CALCULATION_STATUSES).optional(),
  method: z.enum(METHODS).optional(),
  error: z.enum(ERROR_TYPES).optional().describe('Failure type of failed calculations.'),
  q: z.string().trim().max(200).optional().describe('Text in the name, formula or SMILES.'),
  emin: optionalNumber('emin').describe('Lowest total energy, Eh (applies together with method: energies compare within one method).'),
  emax: optionalNumber('emax').describe('Highest total energy, Eh (with method).'),
  gmin: optionalNumber('gmin').describe('Smallest HOMO–LUMO gap, eV.'),
  gmax: optionalNumber('gmax').describe('Largest HOMO–LUMO gap, eV.'),
};

export const listCalculationsQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1, 'limit must be between 1 and 100.').max(100, 'limit must be between 1 and 100.').default(20),
    cursor: z.string().max(200).optional().describe('next_cursor of the previous page.'),
    ...calculationFilterFields,
  })
  .meta({ id: 'ListCalculationsQuery' });
export type ListCalculationsQuery = z.infer<typeof listCalculationsQuerySchema>;

export const calculationSummarySchema = z
  .object({
    id: z.uuid(),
    name: z.string().nullable(),
    status: z.enum(CALCULATION_STATUSES),
    method: z.enum(METHODS),
    task: z.enum(TASKS),
    solvationModel: z.string().nullable(),
    solvent: z.string().nullable(),
    totalEnergy: z.number().nullable().describe('Hartree.'),
    gap: z.number().nullable().describe('HOMO–LUMO gap, eV.'),
    formula: z.string().nullable(),
    smiles: z.string().nullable(),
    atomCount: z.number().int().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    errorMessage: z.string().nullable(),
  })
  .meta({ id: 'CalculationSummary' });

export const calculationPageSchema = z
  .object({
    items: z.array(calculationSummarySchema),
    next_cursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
  })
  .meta({ id: 'CalculationPage' });

export const atomSchema = z
  .object({
    index: z.number().int(),
    element: z.string(),
    charge: z.number().nullable(),
    x: z.number(),
    y: z.number(),
    z: z.number(),
    force: z.number().nullable().describe('|F| in Eh/bohr.'),
  })
  .meta({ id: 'Atom' });

export const atomsSchema = z.object({ calculationId: z.uuid(), atoms: z.array(atomSchema) }).meta({ id: 'Atoms' });

export const calculationProvenanceSchema = z
  .object({
    sourcePath: z.string().describe('The folder the run was read from, on the machine that imported it.'),
    sourceHost: z.string().nullable().describe('That machine’s host name.'),
    sourceFiles: z.array(z.string()).describe('The files read, relative to the folder.'),
    xtbVersion: z.string().nullable().describe('As xtb printed it, when it did.'),
    commandLine: z.string().nullable().describe('xtb’s "program call" line, when the log had one.'),
    importedAt: z.string(),
  })
  .meta({ id: 'CalculationProvenance', description: 'Where an imported calculation came from (`npm run import`).' });

export const calculationDetailSchema = z
  .looseObject({
    id: z.uuid(),
    name: z.string(),
    status: z.enum(CALCULATION_STATUSES),
    method: z.enum(METHODS),
    task: z.enum(TASKS),
    charge: z.number().int(),
    uhf: z.number().int(),
    inputSmiles: z.string().nullable(),
    inputXyz: z.string().nullable(),
    optimizedXyz: z.string().nullable(),
    totalEnergy: z.number().nullable().describe('Hartree.'),
    homo: z.number().nullable(),
    lumo: z.number().nullable(),
    gap: z.number().nullable(),
    dipoleMoment: z.number().nullable(),
    frequencies: z.array(z.number()).nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    errorMessage: z.string().nullable(),
    atoms: z.array(atomSchema),
    provenance: calculationProvenanceSchema.optional().describe('Present when the calculation was imported from an earlier xtb run.'),
  })
  .meta({ id: 'CalculationDetail', description: 'Everything the result page shows.' });

export const cancelResultSchema = z.object({ id: z.uuid(), status: z.enum(['cancelled', 'cancelling']) }).meta({ id: 'CancelResult' });

const EXPORT_FORMAT_NAMES = Object.keys(EXPORT_FORMATS) as [ExportFormat, ...ExportFormat[]];
/** ?format= of the exports: every format the batch manager's exporter writes. */
export const exportFormatSchema = z.enum(EXPORT_FORMAT_NAMES, 'One of csv, jsonl, sdf or zip.').default('csv');

export const exportCalculationsQuerySchema = z
  .object({
    format: exportFormatSchema,
    ...calculationFilterFields,
    sort: z.enum(SORT_COLUMNS).default('created').describe('As on the results page (energy sorts by method first without a method filter).'),
    dir: z.enum(['asc', 'desc']).default('desc'),
  })
  .meta({ id: 'ExportCalculationsQuery' });
export type ExportCalculationsQuery = z.infer<typeof exportCalculationsQuerySchema>;

export const calculationFileSchema = z
  .object({
    name: z.enum(CALCULATION_FILES).describe('Pass as {name} to /calculations/{id}/files/{name}.'),
    label: z.string(),
    mediaType: z.string(),
    fileName: z.string().describe('The name the download is saved under.'),
    size: z.number().int().describe('Bytes.'),
  })
  .meta({ id: 'CalculationFile' });

export const calculationFilesSchema = z
  .object({ calculationId: z.uuid(), files: z.array(calculationFileSchema) })
  .meta({ id: 'CalculationFiles', description: 'The files this calculation has now (more appear as it finishes).' });

export const idParamsSchema = z.object({ id: z.uuid() });
