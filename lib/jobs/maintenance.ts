// Scheduled housekeeping through pg-boss schedules (cron in the database, so one of many workers
// runs each occurrence): retention of sessions, metrics, usage logs and audit rows and of old stopped
// worker rows (lib/metrics/retention.ts; QF_RETENTION_CRON, default hourly at :23), and of webhook
// deliveries after 30 days (lib/webhooks); and folding the dashboard's rollup deltas
// (lib/dashboard/rollups.ts; QF_DASHBOARD_ROLLUP_CRON, default every 5 minutes).
import 'server-only';
import { purgeExpiredRecords, type RetentionReport } from '../metrics/retention.ts';
import { getBoss, MAINTENANCE_QUEUE } from './queue.ts';
import { purgeOldDeliveries } from '../webhooks/enqueue-webhooks.ts';
import { compactDashboardRollups, DASHBOARD_ROLLUP_SCHEDULE } from '../dashboard/rollups.ts';

export const RETENTION_SCHEDULE = process.env.QF_RETENTION_CRON ?? '23 * * * *';

export async function scheduleMaintenance(): Promise<void> {
  const boss = await getBoss();
  await boss.schedule(MAINTENANCE_QUEUE, RETENTION_SCHEDULE, { task: 'retention' }, { key: 'retention' });
  await boss.schedule(MAINTENANCE_QUEUE, DASHBOARD_ROLLUP_SCHEDULE, { task: 'dashboard-rollups' }, { key: 'dashboard-rollups' });
}

/** Retention (lib/metrics/retention.ts): chunked deletes with the configured limits. */
export async function runRetention(): Promise<RetentionReport> {
  const report = await purgeExpiredRecords();
  report.deleted.webhook_deliveries = await purgeOldDeliveries();
  return report;
}

export async function startMaintenanceWorker(): Promise<void> {
  const boss = await getBoss();
  await boss.work<{ task: string }>(MAINTENANCE_QUEUE, { pollingIntervalSeconds: 30 }, async ([job]) => {
    if (job?.data.task === 'retention') return runRetention();
    if (job?.data.task === 'dashboard-rollups') return { folded: await compactDashboardRollups() };
    return null;
  });
}
