// Writing the audit log (user_audit_log, service role only): admin actions with what they changed,
// and refused attempts — a role without the permission, or an id the user may not see (answered as
// "not found"). The client address and user agent come from the request when there is one.
import 'server-only';
import { headers } from 'next/headers';
import { asService } from '../db/service.ts';
import type { Queryable } from '../db/transaction.ts';

export type AuditStatus = 'success' | 'denied' | 'error';

export interface AuditEntryInput {
  userId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  changes?: Record<string, unknown>;
  status?: AuditStatus;
  reason?: string;
  /** Where the request came from, when the caller has it (else read from the current request). */
  origin?: RequestOrigin;
}

export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

/** The client address (last X-Forwarded-For hop) and user agent of a request's headers. */
export function originOf(h: Headers): RequestOrigin {
  const ip = h.get('x-forwarded-for')?.split(',').at(-1)?.trim() || null;
  // Only a well-formed address goes into the inet column; anything else is left out rather than failing the write.
  const valid = ip && (/^[0-9.]{7,15}$/.test(ip) || /^[0-9a-f:.]{2,45}$/i.test(ip)) ? ip : null;
  return { ip: valid, userAgent: h.get('user-agent')?.slice(0, 1000) ?? null };
}

/** The current request's origin, or nulls outside a request. */
async function requestOrigin(): Promise<RequestOrigin> {
  try {
    return originOf(await headers());
  } catch {
    return { ip: null, userAgent: null }; // a job or a test: no request
  }
}

async function insertAudit(db: Queryable, entry: AuditEntryInput, origin: RequestOrigin): Promise<void> {
  await db.query(
    `insert into public.user_audit_log (user_id, action, entity_type, entity_id, changes, status, reason, ip_address, user_agent)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      entry.userId,
      entry.action.slice(0, 100),
      entry.entityType,
      entry.entityId,
      entry.changes ?? null,
      entry.status ?? 'success',
      entry.reason ?? null,
      origin.ip,
      origin.userAgent,
    ],
  );
}

export async function recordAudit(entry: AuditEntryInput): Promise<void> {
  const origin = entry.origin ?? (await requestOrigin());
  await asService((db) => insertAudit(db, entry, origin));
}

/**
 * Writes the entry inside the caller's own transaction (a user's, under row-level security), so it
 * commits with the change it records or rolls back with it. The log is the service role's to write:
 * the transaction switches to it for the insert and back to the role it had.
 */
export async function recordAuditInTransaction(db: Queryable, entry: AuditEntryInput): Promise<void> {
  const origin = entry.origin ?? (await requestOrigin());
  const { rows } = await db.query<{ role: string }>(`select current_setting('role') as role`);
  await db.query(`select set_config('role', 'service_role', true)`);
  await insertAudit(db, entry, origin);
  await db.query(`select set_config('role', $1, true)`, [rows[0]!.role]);
}

/**
 * An admin's change to someone else's data (row-level security lets admins, and only them, change
 * other users' rows): recorded with whose it was (`changes.owner_id`). Nothing for one's own data or
 * a non-admin. Called after the change has committed; never throws (the change stands either way).
 */
export async function recordAdminActionOnOthers(
  actor: { id: string; role: string },
  ownerId: string | null | undefined,
  entry: Pick<AuditEntryInput, 'action' | 'entityType' | 'entityId' | 'changes'>,
): Promise<void> {
  if (actor.role !== 'admin' || !ownerId || ownerId === actor.id) return;
  try {
    await recordAudit({ ...entry, userId: actor.id, changes: { owner_id: ownerId, ...entry.changes } });
  } catch (error) {
    console.error("[audit] could not record an admin's action", error);
  }
}

/**
 * A refused attempt. Never throws: the user gets their refusal whether or not the log could be
 * written (a failure is reported on the console).
 */
export async function recordDenied(entry: Omit<AuditEntryInput, 'status'>): Promise<void> {
  try {
    await recordAudit({ ...entry, status: 'denied' });
  } catch (error) {
    console.error('[audit] could not record a refused attempt', error);
  }
}
