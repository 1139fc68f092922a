// Cancel: a queued job is cancelled at once (row, error record, pg-boss job, event in one
// transaction); a running one is stopped by the worker running it, told by NOTIFY.
import 'server-only';
import { insertAttemptError } from '../calculations/attempt-records.ts';
import { closeCancelledBeforeStart, requestCancel } from '../calculations/cancel-statements.ts';
import { selectCalculation } from '../calculations/calculation-sql.ts';
import { recordAdminActionOnOthers } from '../admin/audit-log.ts';
import { asUser, type Queryable } from '../db/as-user.ts';
import { UserError } from '../errors/user-error.ts';
import { logEvent } from './event-log.ts';
import { asQueueOwner, calculationQueue, CANCEL_CHANNEL, getBoss, inTransaction } from './queue.ts';
import type { SubmittingUser } from './submitting-user.ts';
import { enqueueFinalStateWebhooks } from '../webhooks/enqueue-webhooks.ts';

export interface CancelResult {
  /** `cancelled`: it never ran; `cancelling`: the worker running it stops it now. */
  status: 'cancelled' | 'cancelling';
}

/** Requests cancellation of a calculation the user may change. Throws UserError. */
export async function cancelCalculation(user: SubmittingUser, calculationId: string): Promise<CancelResult> {
  const { result, ownerId } = await asUser(user.claims, (db) => cancelUnderRls(db, user, calculationId));
  await recordAdminActionOnOthers(user, ownerId, {
    action: 'calculation.cancel',
    entityType: 'calculation',
    entityId: calculationId,
    changes: { status: result.status },
  });
  return result;
}

async function cancelUnderRls(db: Queryable, user: SubmittingUser, calculationId: string): Promise<{ result: CancelResult; ownerId: string }> {
  const row = await requestCancel(db, calculationId);
  if (!row) {
    const seen = await selectCalculation(db, calculationId, ['status']);
    if (!seen) throw new UserError('NOT_FOUND', 'No such calculation.');
    throw new UserError('NOT_CANCELLABLE', `The calculation has already ${seen.status === 'cancelled' ? 'been cancelled' : seen.status}.`);
  }
  await asQueueOwner(db);
  if (row.status === 'queued') {
    await closeCancelledBeforeStart(db, calculationId, false);
    await insertAttemptError(db, {
      calculation_id: calculationId,
      attempt: Math.max(row.attempts, 1),
      error_type: 'cancelled',
      severity: 'info',
      code: 'CANCELLED',
      message: 'cancelled by the user before it started',
      retry_count: row.attempts,
      will_retry: false,
      resolution: 'cancelled by the user',
      resolved_at: new Date(),
    });
    if (row.job_id) {
      const boss = await getBoss();
      await boss.cancel(calculationQueue(), row.job_id, inTransaction(db)).catch(() => {});
    }
    await logEvent(db, user.id, 'calculation.cancelled', 'calculation', calculationId, 'warning', 'cancelled before it started');
    await enqueueFinalStateWebhooks(db, [calculationId]);
    return { result: { status: 'cancelled' }, ownerId: row.owner_id };
  }
  await db.query('select pg_notify($1, $2)', [CANCEL_CHANNEL, calculationId]);
  await logEvent(db, user.id, 'calculation.cancel_requested', 'calculation', calculationId, 'info', 'cancel requested while running');
  return { result: { status: 'cancelling' }, ownerId: row.owner_id };
}
