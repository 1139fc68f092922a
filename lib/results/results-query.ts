// The results list's URL search parameters: one schema for the page (server) and the filter form
// (client). Anything malformed falls back to the default rather than failing the page.
import { z } from 'zod';
import { METHODS } from '../calculations/parameters.ts';
import { CALCULATION_STATUSES, ERROR_TYPES } from '../calculations/statuses.ts';

export { CALCULATION_STATUSES, TERMINAL_STATUSES, type CalculationStatus } from '../calculations/statuses.ts';

export const SORT_COLUMNS = ['created', 'energy', 'gap', 'status'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export const PAGE_SIZES = [10, 20, 50, 100] as const;

const optionalNumber = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : Number(v)))
  .pipe(z.number().finite().optional())
  .catch(undefined);

const single = (v: unknown) => (Array.isArray(v) ? v[0] : v);

export const resultsQuerySchema = z.object({
  page: z.preprocess(single, z.coerce.number().int().min(1).max(100_000)).catch(1),
  size: z
    .preprocess(
      single,
      z.coerce
        .number()
        .int()
        .refine((n) => (PAGE_SIZES as readonly number[]).includes(n)),
    )
    .catch(20),
  sort: z.preprocess(single, z.enum(SORT_COLUMNS)).catch('created'),
  dir: z.preprocess(single, z.enum(['asc', 'desc'])).catch('desc'),
  status: z.preprocess(single, z.enum(CALCULATION_STATUSES).optional()).catch(undefined),
  method: z.preprocess(single, z.enum(METHODS).optional()).catch(undefined),
  /** Failure type (the dashboard's failure panel links here with status=failed&error=…). */
  error: z.preprocess(single, z.enum(ERROR_TYPES).optional()).catch(undefined),
  /** Energy range in the user's energy unit. */
  emin: z.preprocess(single, optionalNumber),
  emax: z.preprocess(single, optionalNumber),
  /** HOMO–LUMO gap range in the user's unit. */
  gmin: z.preprocess(single, optionalNumber),
  gmax: z.preprocess(single, optionalNumber),
  // A search with U+0000 matches nothing stored and would fail the query: dropped like any malformed filter.
  q: z
    .preprocess(
      single,
      z
        .string()
        .trim()
        .max(200)
        .refine((q) => !q.includes('\u0000'))
        .optional(),
    )
    .catch(undefined),
});

export type ResultsQuery = z.infer<typeof resultsQuerySchema>;

export function parseResultsQuery(searchParams: Record<string, string | string[] | undefined>): ResultsQuery {
  return resultsQuerySchema.parse(searchParams);
}

/** The query as URL search parameters, defaults left out. */
export function resultsQueryString(query: Partial<ResultsQuery>): string {
  const params = new URLSearchParams();
  const defaults: Partial<ResultsQuery> = { page: 1, size: 20, sort: 'created', dir: 'desc' };
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '' || defaults[key as keyof ResultsQuery] === value) continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}
