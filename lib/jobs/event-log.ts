// The event log of calculations and molecules (`event_logs`): what happened, to what, by whom. Written
// in the transaction of the change it records, as the connection's own login (users cannot write it).
import type { Queryable } from '../db/transaction.ts';

export type EventStatus = 'info' | 'success' | 'warning' | 'error';

export async function logEvent(
  db: Queryable,
  userId: string | null,
  eventType: string,
  entityType: string,
  entityId: string,
  status: EventStatus,
  message: string,
  context: Record<string, unknown> = {},
): Promise<void> {
  await db.query(`insert into public.event_logs (user_id, event_type, entity_type, entity_id, status, message, context) values ($1, $2, $3, $4, $5, $6, $7)`, [
    userId,
    eventType,
    entityType,
    entityId,
    status,
    message.slice(0, 10_000),
    JSON.stringify(context),
  ]);
}
