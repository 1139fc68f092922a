// Batches as the pages show them, read under the user's RLS: the list with progress, one batch with
// its counts, throughput and ETA (measured from calculations that finished), and a page of items.
// Counts come from the batch_job_progress view over the items, never from stored copies.
import 'server-only';
import { asUser, type JwtClaims } from '../db/as-user.ts';

export type BatchCounts = {
  total: number;
  invalid: number;
  queued: number;
  running: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  done: number;
};

export type BatchSummary = {
  id: string;
  name: string;
  status: string;
  sourceFilename: string | null;
  createdAt: string;
  finishedAt: string | null;
  counts: BatchCounts;
  /** Someone else's batch shared with one of the user's teams: the owner's name. */
  sharedBy: string | null;
};

export type SummaryRow = {
  id: string;
  name: string;
  status: string;
  source_filename: string | null;
  created_at: Date;
  finished_at: Date | null;
  shared_by: string | null;
} & BatchCounts;

/** Columns of `batch_jobs b join batch_job_progress p` that toSummary reads. */
export const SUMMARY_COLUMNS = `b.id, b.name, b.status, b.source_filename, b.created_at, b.finished_at,
  p.total, p.invalid, p.queued, p.running, p.succeeded, p.failed, p.cancelled, p.done,
  case when b.owner_id <> (select auth.uid()) and public.is_shared_with_me(b.organization_id)
    then coalesce((select pr.display_name from public.profiles pr where pr.id = b.owner_id), 'a teammate') end as shared_by`;

export function toSummary(row: SummaryRow): BatchSummary {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    sourceFilename: row.source_filename,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    counts: {
      total: row.total,
      invalid: row.invalid,
      queued: row.queued,
      running: row.running,
      succeeded: row.succeeded,
      failed: row.failed,
      cancelled: row.cancelled,
      done: row.done,
    },
    sharedBy: row.shared_by,
  };
}

export async function listBatches(claims: JwtClaims, limit = 100): Promise<BatchSummary[]> {
  return asUser(claims, async (db) => {
    const { rows } = await db.query<SummaryRow>(
      `select ${SUMMARY_COLUMNS}
         from public.batch_jobs b join public.batch_job_progress p on p.batch_id = b.id
        order by b.created_at desc limit $1`,
      [limit],
    );
    return rows.map(toSummary);
  });
}

export type BatchDetail = BatchSummary & {
  parameters: Record<string, unknown>;
  /** Calculations finished per minute over the last hour of activity, oldest first. */
  throughput: { minute: string; finished: number }[];
  /** Calculations per minute over the last 5 minutes; null before any finished. */
  ratePerMinute: number | null;
  /** Seconds until the queued and running items are done at that rate. */
  etaSeconds: number | null;
};

export async function getBatch(claims: JwtClaims, id: string): Promise<BatchDetail | null> {
  return asUser(claims, async (db) => {
    const { rows } = await db.query<SummaryRow & { parameters: Record<string, unknown> }>(
      `select ${SUMMARY_COLUMNS}, b.parameters
         from public.batch_jobs b join public.batch_job_progress p on p.batch_id = b.id
        where b.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    const { rows: minutes } = await db.query<{ minute: Date; finished: number }>(
      `select date_trunc('minute', finished_at) as minute, count(*)::int as finished
         from public.calculations
        where batch_id = $1 and finished_at is not null
          and finished_at > (select max(finished_at) from public.calculations where batch_id = $1) - interval '1 hour'
        group by 1 order by 1`,
      [id],
    );
    const { rows: recent } = await db.query<{ finished: number; span_seconds: number | null }>(
      `select count(*)::int as finished,
              extract(epoch from (max(finished_at) - least(min(finished_at), now() - interval '5 minutes')))::float8 as span_seconds
         from public.calculations
        where batch_id = $1 and finished_at > now() - interval '5 minutes'`,
      [id],
    );
    const summary = toSummary(row);
    const windowSeconds = Math.max(60, Math.min(300, recent[0]?.span_seconds ?? 300));
    const ratePerMinute = recent[0] && recent[0].finished > 0 ? (recent[0].finished / windowSeconds) * 60 : null;
    const remaining = summary.counts.queued + summary.counts.running;
    return {
      ...summary,
      parameters: row.parameters,
      throughput: minutes.map((m) => ({ minute: m.minute.toISOString(), finished: m.finished })),
      ratePerMinute,
      etaSeconds: ratePerMinute && remaining > 0 ? Math.round((remaining / ratePerMinute) * 60) : null,
    };
  });
}

export const ITEM_STATUSES = ['invalid', 'queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const ERROR_TYPES = ['validation', 'timeout', 'convergence', 'system', 'cancelled', 'unknown'] as const;
export const ITEM_SORTS = ['row', 'status', 'name', 'energy'] as const;

export type ItemQuery = {
  page: number;
  /** Rows to skip, instead of whole pages (the API's cursor). */
  offset?: number;
  pageSize: number;
  status?: (typeof ITEM_STATUSES)[number];
  errorType?: (typeof ERROR_TYPES)[number];
  sort: (typeof ITEM_SORTS)[number];
  descending: boolean;
};

export type BatchItem = {
  id: string;
  row: number | null;
  name: string | null;
  input: string | null;
  status: string;
  errorType: string | null;
  errorMessage: string | null;
  calculationId: string | null;
  totalEnergy: number | null;
  duplicateRows: number[];
};

const SORT_SQL: Record<ItemQuery['sort'], string> = {
  row: 'i.source_row',
  status: 'i.status',
  name: 'i.input_name',
  energy: 'c.total_energy',
};

export async function listBatchItems(claims: JwtClaims, batchId: string, query: ItemQuery): Promise<{ items: BatchItem[]; total: number }> {
  return asUser(claims, async (db) => {
    const filters = ['i.batch_id = $1'];
    const params: unknown[] = [batchId];
    if (query.status) {
      params.push(query.status);
      filters.push(`i.status = $${params.length}`);
    }
    if (query.errorType) {
      params.push(query.errorType);
      filters.push(`i.error_type = $${params.length}`);
    }
    const where = filters.join(' and ');
    const pageSize = Math.min(200, Math.max(1, Math.trunc(query.pageSize) || 50));
    const page = Math.max(1, Math.trunc(query.page) || 1);
    const { rows: count } = await db.query<{ total: number }>(`select count(*)::int as total from public.batch_items i where ${where}`, params);
    const order = `${SORT_SQL[query.sort]} ${query.descending ? 'desc' : 'asc'} nulls last, i.position`;
    const { rows } = await db.query<{
      id: string;
      source_row: number | null;
      input_name: string | null;
      input_text: string | null;
      status: string;
      error_type: string | null;
      error_message: string | null;
      calculation_id: string | null;
      total_energy: number | null;
      duplicate_rows: number[];
    }>(
      `select i.id, i.source_row, i.input_name, left(i.input_text, 300) as input_text, i.status, i.error_type, i.error_message,
              i.calculation_id, c.total_energy, i.duplicate_rows
         from public.batch_items i left join public.calculations c on c.id = i.calculation_id
        where ${where}
        order by ${order}
        limit ${pageSize} offset ${query.offset !== undefined ? Math.max(0, Math.trunc(query.offset)) : (page - 1) * pageSize}`,
      params,
    );
    return {
      total: count[0]!.total,
      items: rows.map((r) => ({
        id: r.id,
        row: r.source_row,
        name: r.input_name,
        input: r.input_text,
        status: r.status,
        errorType: r.error_type,
        errorMessage: r.error_message,
        calculationId: r.calculation_id,
        totalEnergy: r.total_energy,
        duplicateRows: r.duplicate_rows,
      })),
    };
  });
}
