// The settings page's view of deliveries: the caller's most recent ones, read under their RLS.
import 'server-only';
import { asUser, type JwtClaims } from '../db/as-user.ts';

export const RECENT_DELIVERIES = 20;

export interface WebhookDeliverySummary {
  id: string;
  eventType: string;
  entityId: string | null;
  status: 'pending' | 'retrying' | 'delivered' | 'failed' | 'skipped';
  urlHost: string | null;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  responseExcerpt: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
}

interface Row {
  id: string;
  event_type: string;
  entity_id: string | null;
  status: WebhookDeliverySummary['status'];
  url_host: string | null;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  response_excerpt: string | null;
  created_at: Date;
  last_attempt_at: Date | null;
}

export async function listRecentDeliveries(claims: JwtClaims): Promise<WebhookDeliverySummary[]> {
  return asUser(claims, async (db) => {
    const { rows } = await db.query<Row>(
      `select id, event_type, entity_id, status, url_host, attempts, last_status_code, last_error, response_excerpt, created_at, last_attempt_at
         from public.webhook_deliveries where user_id = (select auth.uid())
        order by created_at desc limit $1`,
      [RECENT_DELIVERIES],
    );
    return rows.map((r) => ({
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
    }));
  });
}
