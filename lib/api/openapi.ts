// The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the routes validate and answer
// with (schemas.ts): the operations are listed here once, their shapes come from the schemas.
import { z } from 'zod';
import {
  atomSchema,
  atomsSchema,
  calculationDetailSchema,
  calculationProvenanceSchema,
  calculationFileSchema,
  calculationFilesSchema,
  calculationPageSchema,
  calculationParamsDocSchema,
  calculationSummarySchema,
  cancelResultSchema,
  exportCalculationsQuerySchema,
  exportFormatSchema,
  listCalculationsQuerySchema,
  problemSchema,
  submitCalculationBodySchema,
  submittedCalculationSchema,
} from './schemas.ts';
import {
  BATCH_FILE_MEDIA_TYPES,
  batchDetailSchema,
  batchItemPageSchema,
  batchItemSchema,
  batchMoleculeSchema,
  batchPageSchema,
  batchSummarySchema,
  cancelledBatchSchema,
  createBatchBodySchema,
  createBatchFormSchema,
  createdBatchSchema,
  listBatchesQuerySchema,
  listBatchItemsQuerySchema,
  retriedBatchSchema,
  retryBatchBodySchema,
} from './batches.ts';
import { CALCULATION_FILES } from '../calculations/calculation-files.ts';
import { EXPORT_FORMATS } from '../batches/export-stream.ts';
import { listDeliveriesQuerySchema, webhookDeliveryPageSchema, webhookDeliverySchema } from '../webhooks/list-deliveries.ts';
import { createdMoleculeSchema, createMoleculeBodySchema, listMoleculesQuerySchema, moleculePageSchema, moleculeSchema } from './molecules.ts';

export interface ApiOperation {
  method: 'get' | 'post' | 'delete';
  /** OpenAPI path, `{id}` for parameters (the route file is app/api/v1 + path with [id]). */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  write: boolean;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Further request media types: a schema (forms) or 'binary' (a file as the body). */
  otherBodies?: Record<string, z.ZodType | 'binary'>;
  /** The body is optional (an empty POST is meaningful). */
  bodyOptional?: boolean;
  /** Response media types other than JSON (files, exports): their content is text. */
  responses: Record<number, { description: string; schema?: z.ZodType; mediaTypes?: readonly string[] }>;
}

const TEXT_BODY = { type: 'string' };
const EXPORT_MEDIA_TYPES = Object.values(EXPORT_FORMATS).map((f) => f.contentType.split(';')[0]!);
const FILE_MEDIA_TYPES = ['chemical/x-xyz', 'chemical/x-mdl-sdfile', 'application/json', 'text/plain', 'chemical/x-molden'];

export const API_OPERATIONS: ApiOperation[] = [
  {
    method: 'post',
    path: '/calculations',
    operationId: 'submitCalculation',
    summary: 'Submit one calculation',
    description: 'Queues a calculation of the given structure. Parameters left out take their defaults.',
    write: true,
    body: submitCalculationBodySchema,
    responses: { 201: { description: 'Queued', schema: submittedCalculationSchema } },
  },
  {
    method: 'get',
    path: '/calculations',
    operationId: 'listCalculations',
    summary: 'List calculations',
    description: 'Newest first, a page at a time: pass next_cursor as cursor for the next page. Filters as on the results page.',
    write: false,
    query: listCalculationsQuerySchema,
    responses: { 200: { description: 'A page of calculations', schema: calculationPageSchema } },
  },
  {
    method: 'get',
    path: '/calculations/{id}',
    operationId: 'getCalculation',
    summary: 'Get a calculation with its results',
    description: 'Finished calculations carry an ETag; send it as If-None-Match to get 304 when nothing changed.',
    write: false,
    responses: { 200: { description: 'The calculation', schema: calculationDetailSchema }, 304: { description: 'Not modified' } },
  },
  {
    method: 'get',
    path: '/calculations/{id}/atoms',
    operationId: 'getCalculationAtoms',
    summary: 'Per-atom data of a calculation',
    write: false,
    responses: { 200: { description: 'Atoms: element, coordinates (Å), partial charge, |force|', schema: atomsSchema } },
  },
  {
    method: 'post',
    path: '/calculations/{id}/cancel',
    operationId: 'cancelCalculation',
    summary: 'Cancel a queued or running calculation',
    write: true,
    responses: { 200: { description: 'Cancelled, or being stopped by its worker', schema: cancelResultSchema } },
  },
  {
    method: 'post',
    path: '/calculations/{id}/rerun',
    operationId: 'rerunCalculation',
    summary: 'Run a calculation again',
    description: 'A new calculation with the same input and parameters.',
    write: true,
    responses: { 201: { description: 'Queued', schema: submittedCalculationSchema } },
  },
  {
    method: 'get',
    path: '/calculations/{id}/files',
    operationId: 'listCalculationFiles',
    summary: 'Files of a calculation',
    description: 'The downloads the result page offers, with their sizes. More appear as the calculation finishes.',
    write: false,
    responses: { 200: { description: 'The files', schema: calculationFilesSchema } },
  },
  {
    method: 'get',
    path: '/calculations/{id}/files/{name}',
    operationId: 'getCalculationFile',
    summary: 'Download one file of a calculation',
    description: `name: ${CALCULATION_FILES.join(', ')}. The SDF carries the results as data fields; results.json everything stored; molden.input (GFN1/GFN2) xtb's orbitals in Molden format.`,
    write: false,
    responses: { 200: { description: 'The file, as an attachment', mediaTypes: FILE_MEDIA_TYPES } },
  },
  {
    method: 'get',
    path: '/calculations/export',
    operationId: 'exportCalculations',
    summary: 'Export the calculations matching the list filters',
    description: 'Every calculation the filters select (no paging), streamed as CSV, JSONL (with per-atom arrays) or SDF (succeeded ones, final geometry).',
    write: false,
    query: exportCalculationsQuerySchema,
    responses: { 200: { description: 'The export, streamed', mediaTypes: EXPORT_MEDIA_TYPES } },
  },
  {
    method: 'post',
    path: '/batches',
    operationId: 'createBatch',
    summary: 'Create a batch',
    description:
      'From a JSON list, a multipart form with the file, or the file as the body (media type ' +
      `${BATCH_FILE_MEDIA_TYPES.join(', ')}, or any with ?filename=name.ext; name, charge, uhf and the parameters as query parameters). ` +
      'Rows that cannot be computed are kept as invalid items and listed with their row numbers; a source with no computable row is a 422 whose errors name each row.',
    write: true,
    body: createBatchBodySchema,
    otherBodies: { 'multipart/form-data': createBatchFormSchema, ...Object.fromEntries(BATCH_FILE_MEDIA_TYPES.map((t) => [t, 'binary' as const])) },
    responses: { 201: { description: 'Created and queued', schema: createdBatchSchema } },
  },
  {
    method: 'get',
    path: '/batches',
    operationId: 'listBatches',
    summary: 'List batches with their progress',
    description: 'Newest first, a page at a time (limit, cursor, next_cursor).',
    write: false,
    query: listBatchesQuerySchema,
    responses: { 200: { description: 'A page of batches', schema: batchPageSchema } },
  },
  {
    method: 'get',
    path: '/batches/{id}',
    operationId: 'getBatch',
    summary: 'Get a batch with its progress',
    write: false,
    responses: { 200: { description: 'The batch', schema: batchDetailSchema } },
  },
  {
    method: 'post',
    path: '/batches/{id}/cancel',
    operationId: 'cancelBatch',
    summary: 'Cancel a batch',
    write: true,
    responses: { 200: { description: 'Queued ones cancelled, running ones stopping', schema: cancelledBatchSchema } },
  },
  {
    method: 'post',
    path: '/batches/{id}/retry',
    operationId: 'retryBatch',
    summary: 'Retry the failed items of a batch',
    description: 'As new calculations in the same batch, optionally with a higher electronic temperature or another optimisation level.',
    write: true,
    body: retryBatchBodySchema,
    bodyOptional: true,
    responses: { 200: { description: 'Retried', schema: retriedBatchSchema } },
  },
  {
    method: 'get',
    path: '/batches/{id}/items',
    operationId: 'listBatchItems',
    summary: 'Items of a batch',
    description: 'In row order, a page at a time (limit, cursor, next_cursor).',
    write: false,
    query: listBatchItemsQuerySchema,
    responses: { 200: { description: 'A page of items', schema: batchItemPageSchema } },
  },
  {
    method: 'get',
    path: '/batches/{id}/export',
    operationId: 'exportBatch',
    summary: 'Export a batch',
    description:
      'Every calculation of the batch (retries included), streamed as CSV, JSONL, SDF or a ZIP of per-molecule XYZ + JSON (?format=, csv by default).',
    write: false,
    query: z.object({ format: exportFormatSchema }),
    responses: { 200: { description: 'The export, streamed', mediaTypes: EXPORT_MEDIA_TYPES } },
  },
  {
    method: 'post',
    path: '/molecules',
    operationId: 'createMolecule',
    summary: 'Create a molecule',
    description: 'From SMILES, XYZ, MOL or SDF. An identical molecule of yours is returned (200) instead of a copy.',
    write: true,
    body: createMoleculeBodySchema,
    responses: { 201: { description: 'Created', schema: createdMoleculeSchema }, 200: { description: 'Already yours', schema: createdMoleculeSchema } },
  },
  {
    method: 'get',
    path: '/molecules',
    operationId: 'listMolecules',
    summary: 'List molecules',
    description: 'Newest first, a page at a time (limit, cursor, next_cursor).',
    write: false,
    query: listMoleculesQuerySchema,
    responses: { 200: { description: 'A page of molecules', schema: moleculePageSchema } },
  },
  {
    method: 'get',
    path: '/molecules/{id}',
    operationId: 'getMolecule',
    summary: 'Get a molecule',
    write: false,
    responses: { 200: { description: 'The molecule', schema: moleculeSchema } },
  },
  {
    method: 'delete',
    path: '/molecules/{id}',
    operationId: 'deleteMolecule',
    summary: 'Delete a molecule',
    description: 'Only a molecule that was never computed (calculations keep what they computed).',
    write: true,
    responses: { 204: { description: 'Deleted' } },
  },
  {
    method: 'get',
    path: '/webhooks/deliveries',
    operationId: 'listWebhookDeliveries',
    summary: 'List webhook deliveries',
    description:
      "Your deliveries, newest first, a page at a time (limit, cursor, next_cursor): outcome, attempts, the receiver's last HTTP status and the last error in words. Kept 30 days.",
    write: false,
    query: listDeliveriesQuerySchema,
    responses: { 200: { description: 'A page of deliveries', schema: webhookDeliveryPageSchema } },
  },
];

// Every schema with an id, nested ones included (a nested schema left out would be a dangling $ref).
const COMPONENTS = [
  problemSchema,
  submitCalculationBodySchema,
  calculationParamsDocSchema,
  submittedCalculationSchema,
  calculationSummarySchema,
  calculationPageSchema,
  atomSchema,
  calculationProvenanceSchema,
  calculationDetailSchema,
  atomsSchema,
  cancelResultSchema,
  createMoleculeBodySchema,
  moleculeSchema,
  createdMoleculeSchema,
  moleculePageSchema,
  calculationFileSchema,
  calculationFilesSchema,
  batchMoleculeSchema,
  createBatchBodySchema,
  createBatchFormSchema,
  createdBatchSchema,
  batchSummarySchema,
  batchDetailSchema,
  batchPageSchema,
  batchItemSchema,
  batchItemPageSchema,
  cancelledBatchSchema,
  retryBatchBodySchema,
  retriedBatchSchema,
  webhookDeliverySchema,
  webhookDeliveryPageSchema,
];

function componentId(schema: z.ZodType): string | undefined {
  return (z.globalRegistry.get(schema) as { id?: string } | undefined)?.id;
}

function ref(schema: z.ZodType): object {
  const id = componentId(schema);
  return id ? { $ref: `#/components/schemas/${id}` } : z.toJSONSchema(schema, { unrepresentable: 'any' });
}

function components(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const schema of COMPONENTS) registry.add(schema, { id: componentId(schema)! });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any', io: 'input' });
  for (const schema of Object.values(schemas)) delete (schema as { $schema?: string }).$schema;
  // The request body's free-form params are documented by CalculationParams.
  const submit = schemas.SubmitCalculation as { properties: Record<string, object> };
  submit.properties.params = { $ref: '#/components/schemas/CalculationParams', description: 'Parameters left out take their defaults.' };
  return schemas;
}

const PROBLEM_RESPONSES = (op: ApiOperation) => ({
  401: { description: 'No valid API key or session' },
  ...(op.write ? { 403: { description: 'The role does not allow it (viewers can only read)' } } : {}),
  ...(op.path.includes('{id}') ? { 404: { description: 'Not found (or not yours to see)' } } : {}),
  ...(op.query || op.body || op.method === 'post' ? { 422: { description: 'Invalid input; `errors` names the fields' } } : {}),
  ...(op.path.endsWith('/cancel') ? { 409: { description: 'Already finished' } } : {}),
  ...(op.path.endsWith('/retry') ? { 409: { description: 'Nothing has failed' } } : {}),
  ...(op.otherBodies ? { 413: { description: 'Larger than the limit' }, 415: { description: 'Not a media type this accepts' } } : {}),
  ...(op.method === 'delete' ? { 409: { description: 'Still used by calculations' } } : {}),
  429: { description: 'Rate limited; see Retry-After' },
});

function requestBody(op: ApiOperation): object {
  const content: Record<string, object> = { 'application/json': { schema: ref(op.body!) } };
  for (const [type, schema] of Object.entries(op.otherBodies ?? {})) {
    content[type] = { schema: schema === 'binary' ? { type: 'string', contentMediaType: type } : ref(schema) };
  }
  return { required: !op.bodyOptional, content };
}

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of API_OPERATIONS) {
    const parameters: object[] = [];
    if (op.path.includes('{id}')) parameters.push({ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
    if (op.path.includes('{name}')) parameters.push({ name: 'name', in: 'path', required: true, schema: { type: 'string', enum: [...CALCULATION_FILES] } });
    if (op.query) {
      for (const [name, field] of Object.entries(op.query.shape)) {
        const schema = z.toJSONSchema(field as z.ZodType, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
        delete schema.$schema;
        parameters.push({ name, in: 'query', required: false, schema, ...(schema.description ? { description: schema.description } : {}) });
      }
    }
    if (op.method === 'post') {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'A retried request with the same key (per user, for 24 h) returns the first response and creates nothing twice.',
        schema: { type: 'string', maxLength: 200 },
      });
    }
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      responses[status] = r.schema
        ? { description: r.description, content: { 'application/json': { schema: ref(r.schema) } } }
        : r.mediaTypes
          ? { description: r.description, content: Object.fromEntries(r.mediaTypes.map((t) => [t, { schema: TEXT_BODY }])) }
          : { description: r.description };
    }
    for (const [status, r] of Object.entries(PROBLEM_RESPONSES(op))) {
      responses[status] = { description: r.description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
    }
    (paths[op.path] ??= {})[op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body ? { requestBody: requestBody(op) } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Quantum Forge API',
      version: '1',
      description: 'Submit xtb calculations and read their results from scripts. Authenticate with an API key from Settings: `Authorization: Bearer qf_…`.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      schemas: components(),
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (qf_…) created in Settings, or the browser session.' } },
    },
  };
}
