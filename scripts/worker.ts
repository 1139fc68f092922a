// The long-running calculation worker: `node --conditions=react-server scripts/worker.ts`
// (npm start spawns it next to the web app). Needs DATABASE_URL; QF_WORKER_CONCURRENCY (default:
// cores) jobs at a time, one xtb thread each; also delivers webhooks. SIGTERM/SIGINT stop it; running attempts are retried.
import { startWorker } from '../lib/jobs/worker.ts';
import { scheduleMaintenance, startMaintenanceWorker } from '../lib/jobs/maintenance.ts';
import { stopBoss } from '../lib/jobs/queue.ts';
import { closePool } from '../lib/db/pool.ts';
import { startWebhookWorker } from '../lib/webhooks/deliver-webhook.ts';

const worker = await startWorker();
console.log(
  `[worker] ${worker.id}: ${worker.concurrency} concurrent jobs; xtb ${worker.selfCheck.version ?? 'NOT AVAILABLE'}; ` +
    `methods ${worker.selfCheck.availableMethods.join(', ') || 'none'}`,
);
// Webhook deliveries (lib/webhooks) are worked by the same process, on their own queue.
await startWebhookWorker();
if (process.env.QF_WORKER_MAINTENANCE !== '0') {
  await scheduleMaintenance();
  await startMaintenanceWorker();
}

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await worker.stop();
  await stopBoss();
  await closePool();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
await worker.done;
