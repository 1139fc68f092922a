// Scheduled housekeeping through pg-boss schedules (cron in the database, so one of many workers
// runs each occurrence): retention of sessions, metrics and audit rows (docs/architecture.md: sessions 7 days,
// metrics 90 days, audit 1 year) by cleanupExpiredSessions() and public.purge_expired_records(), old
// stopped worker rows and webhook deliveries after 30 days.
import 'server-only';
import { asService } from '../db/service.ts';
import { cleanupExpiredSessions } from '../ui-state/session-store.ts';
import { getBoss, MAINTENANCE_QUEUE } from './queue.ts';
import { purgeOldDeliveries } from '../webhooks/enqueue-webhooks.ts';

export const RETENTION_SCHEDULE = process.env.QF_RETENTION_CRON ?? '23 * * * *';

export async function scheduleMaintenance(): Promise<void> {
  const boss = await getBoss();
  await boss.schedule(MAINTENANCE_QUEUE, RETENTION_SCHEDULE, { task: 'retention' }, { key: 'retention' });
}

export interface RetentionReport {
  deleted: Record<string, number>;
}

export async function runRetention(): Promise<RetentionReport> {
  const sessions = await cleanupExpiredSessions();
  const deliveries = await purgeOldDeliveries();
  return asService(async (db) => {
    const { rows } = await db.query<{ table_name: string; deleted: number }>('select table_name, deleted from public.purge_expired_records()');
    const workers = await db.query(`delete from public.workers where status = 'stopped' and last_seen_at < now() - interval '7 days'`);
    const deleted = Object.fromEntries(rows.map((r) => [r.table_name, Number(r.deleted)]));
    deleted.workers = workers.rowCount ?? 0;
    deleted.webhook_deliveries = deliveries;
    deleted.user_sessions = (deleted.user_sessions ?? 0) + sessions.deleted;
    return { deleted };
  });
}

export async function startMaintenanceWorker(): Promise<void> {
  const boss = await getBoss();
  await boss.work<{ task: string }>(MAINTENANCE_QUEUE, { pollingIntervalSeconds: 30 }, async ([job]) => {
    if (job?.data.task === 'retention') return runRetention();
    return null;
  });
}
