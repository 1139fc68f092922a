// Enqueuing deliveries: a `webhook_deliveries` row and its pg-boss job (queue `qf-webhook-delivery`, see webhookQueue())
// written in the transaction that reaches the final state, so an event is queued exactly when the
// state it reports commits. Calculations in a batch are reported once, by the batch's own event.
import 'server-only';
import { randomUUID } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import { asService } from '../db/service.ts';
import type { Queryable } from '../db/transaction.ts';
import { UserError } from '../errors/user-error.ts';
import { asQueueOwner, ensureQueue, getBoss, inTransaction } from '../jobs/queue.ts';
import type { BatchSummary, CalculationSummary, WebhookEvent, WebhookEventType } from './webhook-events.ts';
import { webhookSettings } from './webhook-settings.ts';

/**
 * The delivery queue's name: `qf-webhook-delivery`, or QF_WEBHOOK_QUEUE. Like the calculation queue's,
 * every process that sends or works it must agree; tests give a file its own so that another file's
 * delivery worker (with that file's retry and timeout settings) never takes its jobs.
 */
export function webhookQueue(): string {
  return process.env.QF_WEBHOOK_QUEUE || 'qf-webhook-delivery';
}

export interface WebhookJobData {
  deliveryId: string;
}

const readyByBoss = new WeakMap<PgBoss, Map<string, Promise<void>>>();

/** This process's pg-boss with the delivery queue created (once per pg-boss instance). */
export async function webhookBoss(): Promise<PgBoss> {
  const boss = await getBoss();
  const name = webhookQueue();
  let byName = readyByBoss.get(boss);
  if (!byName) readyByBoss.set(boss, (byName = new Map()));
  let ready = byName.get(name);
  if (!ready) {
    // Retry settings travel with each job (see sendDeliveryJob); the queue only bounds an attempt.
    ready = ensureQueue(boss, name, { expireInSeconds: 300, deleteAfterSeconds: 7 * 24 * 3600 });
    byName.set(name, ready);
    ready.catch(() => byName.delete(name));
  }
  await ready;
  return boss;
}

async function sendDeliveryJob(db: Queryable, boss: PgBoss, deliveryId: string, jobId: string): Promise<void> {
  const settings = webhookSettings();
  await boss.send(webhookQueue(), { deliveryId } satisfies WebhookJobData, {
    ...inTransaction(db),
    id: jobId,
    retryLimit: settings.retryLimit,
    retryDelay: settings.retryDelaySeconds,
    retryBackoff: true,
    retryDelayMax: settings.retryDelayMaxSeconds,
    expireInSeconds: Math.ceil(settings.timeoutMs / 1000) + 60,
    retentionSeconds: Math.ceil(settings.retryWindowSeconds) + 24 * 3600,
  });
}

interface NewDelivery {
  userId: string;
  type: WebhookEventType;
  entityType: 'calculation' | 'batch' | null;
  entityId: string | null;
  event: (deliveryId: string) => WebhookEvent;
  occurredAt: Date;
}

/** Inserts the row (once per event) and its job; returns the delivery id, or null if it existed. */
async function insertDelivery(db: Queryable, boss: PgBoss, d: NewDelivery): Promise<string | null> {
  const id = randomUUID();
  const jobId = randomUUID();
  const { rowCount } = await db.query(
    `insert into public.webhook_deliveries (id, user_id, event_type, entity_type, entity_id, occurred_at, payload, job_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict do nothing`,
    [id, d.userId, d.type, d.entityType, d.entityId, d.occurredAt, JSON.stringify(d.event(id)), jobId],
  );
  if (rowCount !== 1) return null;
  await sendDeliveryJob(db, boss, id, jobId);
  return id;
}

function links(path: string): { link: string; url?: string } {
  const site = webhookSettings().siteUrl;
  return site ? { link: path, url: `${site}${path}` } : { link: path };
}

interface EndedRow {
  kind: 'calculation' | 'batch';
  id: string;
  user_id: string;
  status: string;
  occurred_at: Date;
  summary: CalculationSummary | BatchSummary;
}

// Calculations and batches that reached a final state in THIS transaction (`finished_at = now()`:
// now() is the transaction's start, which the statements that end them write), whose owner has
// webhooks on and wants this kind of news.
const ENDED_SQL = `
with ended as (
  select c.id, c.owner_id, c.status, c.finished_at, c.name, c.method, c.task, c.total_energy, c.gap, c.error_message, c.batch_id
    from public.calculations c
   where c.id = any($1::uuid[]) and c.status in ('succeeded', 'failed', 'cancelled') and c.finished_at = now()
)
select 'calculation' as kind, e.id, e.owner_id as user_id, e.status, e.finished_at as occurred_at,
       jsonb_build_object('name', e.name, 'method', e.method, 'task', e.task, 'total_energy_eh', e.total_energy,
                          'homo_lumo_gap_ev', e.gap, 'error', left(e.error_message, 300)) as summary
  from ended e join public.user_preferences p on p.user_id = e.owner_id
 where e.batch_id is null and p.webhook_enabled and p.webhook_url_ciphertext is not null
   and case when e.status = 'failed' then p.notify_on_failure else p.notify_on_completion end
union all
select 'batch', b.id, b.owner_id, b.status, b.finished_at,
       (select jsonb_build_object('name', b.name, 'total', count(*),
                                  'succeeded', count(*) filter (where i.status = 'succeeded'),
                                  'failed', count(*) filter (where i.status = 'failed'),
                                  'cancelled', count(*) filter (where i.status = 'cancelled'))
          from public.batch_items i where i.batch_id = b.id)
  from public.batch_jobs b join public.user_preferences p on p.user_id = b.owner_id
 where b.id in (select batch_id from ended where batch_id is not null)
   and b.status in ('completed', 'cancelled') and b.finished_at = now()
   and p.webhook_enabled and p.webhook_url_ciphertext is not null and p.notify_on_completion`;

/**
 * Queues the webhook events of calculations (and their batches) that reached a final state in the
 * caller's transaction. Call it after the statements that end them, as a role that may write
 * `webhook_deliveries` and `pgboss` (the queue owner). A failure here never undoes the caller's
 * work: it is confined to a savepoint and logged.
 */
export async function enqueueFinalStateWebhooks(db: Queryable, calculationIds: readonly string[]): Promise<number> {
  if (calculationIds.length === 0) return 0;
  const { rows } = await db.query<EndedRow>(ENDED_SQL, [calculationIds]);
  if (rows.length === 0) return 0;
  const boss = await webhookBoss();
  await db.query('savepoint qf_webhooks');
  try {
    let queued = 0;
    for (const row of rows) {
      const type = `${row.kind}.${row.status}` as WebhookEventType;
      const path = row.kind === 'calculation' ? `/results/${row.id}` : `/batches/${row.id}`;
      const id = await insertDelivery(db, boss, {
        userId: row.user_id,
        type,
        entityType: row.kind,
        entityId: row.id,
        occurredAt: row.occurred_at,
        event: () => ({ type, id: row.id, status: row.status, occurred_at: row.occurred_at.toISOString(), ...links(path), summary: row.summary }),
      });
      if (id) queued += 1;
    }
    await db.query('release savepoint qf_webhooks');
    return queued;
  } catch (error) {
    await db.query('rollback to savepoint qf_webhooks');
    console.error(`[webhooks] could not queue events for ${calculationIds.length} calculations: ${(error as Error).message}`);
    return 0;
  }
}

/**
 * "Send test event" in settings: a real delivery through the same queue and worker. The user comes
 * from verified claims; the row is written by the service because users cannot write deliveries.
 */
export async function enqueueTestEvent(userId: string): Promise<{ deliveryId: string }> {
  const boss = await webhookBoss();
  return asService(async (db) => {
    const { rows } = await db.query<{ configured: boolean; recent: number }>(
      `select (select webhook_url_ciphertext is not null from public.user_preferences where user_id = $1) as configured,
              (select count(*)::int from public.webhook_deliveries
                where user_id = $1 and event_type = 'webhook.test' and created_at > now() - interval '1 minute') as recent`,
      [userId],
    );
    if (!rows[0]?.configured) throw new UserError('CONFLICT', 'Save a webhook URL under Preferences first, then send a test event.');
    const perMinute = webhookSettings().testEventsPerMinute;
    if (rows[0].recent >= perMinute) {
      throw new UserError('RATE_LIMITED', `At most ${perMinute} test events a minute: wait a moment and try again.`);
    }
    await asQueueOwner(db); // the queue's tables belong to the connection's own role
    const now = new Date();
    const deliveryId = await insertDelivery(db, boss, {
      userId,
      type: 'webhook.test',
      entityType: null,
      entityId: null,
      occurredAt: now,
      event: (id) => ({
        type: 'webhook.test',
        id,
        status: 'test',
        occurred_at: now.toISOString(),
        ...links('/settings'),
        summary: { message: 'Test event from Quantum Forge: your webhook is reachable.' },
      }),
    });
    return { deliveryId: deliveryId! };
  });
}

/** Deliveries are kept this long (their rows, not the events' subjects); run by the hourly retention job. */
export const DELIVERY_RETENTION_DAYS = 30;

export async function purgeOldDeliveries(): Promise<number> {
  return asService(async (db) => {
    const { rowCount } = await db.query(`delete from public.webhook_deliveries where created_at < now() - make_interval(days => $1)`, [
      DELIVERY_RETENTION_DAYS,
    ]);
    return rowCount ?? 0;
  });
}
