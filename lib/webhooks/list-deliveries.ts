// The caller's webhook deliveries, newest first, read under their RLS (a user sees only their own):
// numbered pages with a total for the settings tab, keyset pages (limit, cursor, next_cursor) for
// GET /api/v1/webhooks/deliveries. Both filter by outcome and by event type the same way.
import 'server-only';
import { z } from 'zod';
import { decodeTimeCursor, encodeCursor } from '../api/cursor.ts';
import { asUser, type JwtClaims } from '../db/as-user.ts';
import { deliveryOutcomeSchema, type DeliveriesView } from '../validation/webhooks.ts';
import { DELIVERIES_PAGE_SIZE, DELIVERY_STATUSES, OUTCOME_STATUSES, type DeliveryOutcome, type DeliveryStatus } from './delivery-outcomes.ts';
import { WEBHOOK_EVENT_TYPES } from './webhook-events.ts';

export interface WebhookDeliverySummary {
  id: string;
  eventType: string;
  entityId: string | null;
  status: DeliveryStatus;
  urlHost: string | null;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  responseExcerpt: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
}

export const listDeliveriesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1, 'limit must be between 1 and 100.').max(100, 'limit must be between 1 and 100.').default(20),
  cursor: z.string().max(200).optional().describe('next_cursor of the previous page.'),
  outcome: deliveryOutcomeSchema.optional().describe('delivered, failed, pending (waiting or retrying) or skipped (not sent).'),
  event: z.enum(WEBHOOK_EVENT_TYPES).optional().describe('Event type.'),
});

export const webhookDeliverySchema = z
  .object({
    id: z.uuid().describe('Also sent as the Quantum-Forge-Delivery header.'),
    eventType: z.enum(WEBHOOK_EVENT_TYPES),
    entityId: z.uuid().nullable().describe('The calculation or batch the event is about (null for a test event).'),
    status: z.enum(DELIVERY_STATUSES),
    urlHost: z.string().nullable().describe('The host it was sent to.'),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable().describe("The receiver's last HTTP status."),
    lastError: z.string().nullable().describe('Why the last attempt did not deliver, in words.'),
    responseExcerpt: z.string().nullable().describe("The start of the receiver's last answer."),
    createdAt: z.string(),
    lastAttemptAt: z.string().nullable(),
  })
  .meta({ id: 'WebhookDelivery' });

export const webhookDeliveryPageSchema = z
  .object({ items: z.array(webhookDeliverySchema), next_cursor: z.string().nullable() })
  .meta({ id: 'WebhookDeliveryPage' });

interface Row {
  id: string;
  event_type: string;
  entity_id: string | null;
  status: DeliveryStatus;
  url_host: string | null;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  response_excerpt: string | null;
  created_at: Date;
  last_attempt_at: Date | null;
  created_key: string;
}

const COLUMNS = `id, event_type, entity_id, status, url_host, attempts, last_status_code, last_error, response_excerpt, created_at, last_attempt_at,
  to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key`;

function toSummary(r: Row): WebhookDeliverySummary {
  return {
    id: r.id,
    eventType: r.event_type,
    entityId: r.entity_id,
    status: r.status,
    urlHost: r.url_host,
    attempts: r.attempts,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    responseExcerpt: r.response_excerpt,
    createdAt: r.created_at.toISOString(),
    lastAttemptAt: r.last_attempt_at?.toISOString() ?? null,
  };
}

/** The filter's WHERE clause ($1.. taken by the filter, in order). RLS keeps the rows the caller's own; the user_id test uses the index. */
function whereOf(filter: { outcome?: DeliveryOutcome; event?: string }): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const clauses = ['user_id = (select auth.uid())'];
  if (filter.outcome) clauses.push(`status = any($${params.push(OUTCOME_STATUSES[filter.outcome])}::text[])`);
  if (filter.event) clauses.push(`event_type = $${params.push(filter.event)}`);
  return { sql: clauses.join(' and '), params };
}

export interface DeliveriesPage {
  rows: WebhookDeliverySummary[];
  total: number;
  page: number;
  pages: number;
}

/** A numbered page for the settings tab (a page past the end shows the last one). */
export async function listDeliveries(claims: JwtClaims, view: DeliveriesView, pageSize = DELIVERIES_PAGE_SIZE): Promise<DeliveriesPage> {
  const where = whereOf(view);
  return asUser(claims, async (db) => {
    const count = await db.query<{ n: number }>(`select count(*)::int as n from public.webhook_deliveries where ${where.sql}`, where.params);
    const total = count.rows[0]?.n ?? 0;
    const pages = Math.max(1, Math.ceil(total / pageSize));
    const page = Math.min(view.page, pages);
    const n = where.params.length;
    const { rows } = await db.query<Row>(
      `select ${COLUMNS} from public.webhook_deliveries where ${where.sql}
        order by created_at desc, id desc limit $${n + 1} offset $${n + 2}`,
      [...where.params, pageSize, (page - 1) * pageSize],
    );
    return { rows: rows.map(toSummary), total, page, pages };
  });
}

/** A keyset page for the API: stable while new deliveries arrive at the top. */
export async function listDeliveriesAfter(
  claims: JwtClaims,
  query: z.infer<typeof listDeliveriesQuerySchema>,
): Promise<z.infer<typeof webhookDeliveryPageSchema>> {
  const after = query.cursor ? decodeTimeCursor(query.cursor) : null;
  const where = whereOf(query);
  const params = [...where.params];
  const keyset = after ? ` and (created_at, id) < ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)` : '';
  const limit = `$${params.push(query.limit + 1)}`;
  return asUser(claims, async (db) => {
    const { rows } = await db.query<Row>(
      `select ${COLUMNS} from public.webhook_deliveries where ${where.sql}${keyset} order by created_at desc, id desc limit ${limit}`,
      params,
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({ ...toSummary(r), eventType: r.event_type as (typeof WEBHOOK_EVENT_TYPES)[number] })),
      next_cursor: rows.length > query.limit && last ? encodeCursor([last.created_key, last.id]) : null,
    };
  });
}
