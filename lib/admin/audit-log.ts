// Writing the audit log (user_audit_log, service role only): admin actions with what they changed,
// and refused attempts — a role without the permission, or an id the user may not see (answered as
// "not found"). The client address and user agent come from the request when there is one.
import 'server-only';
import { headers } from 'next/headers';
import { asService } from '../db/service.ts';

export type AuditStatus = 'success' | 'denied' | 'error';

export interface AuditEntryInput {
  userId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  changes?: Record<string, unknown>;
  status?: AuditStatus;
  reason?: string;
}

/** The request's client address (last X-Forwarded-For hop) and user agent, or nulls outside a request. */
async function requestOrigin(): Promise<{ ip: string | null; userAgent: string | null }> {
  try {
    const h = await headers();
    const ip = h.get('x-forwarded-for')?.split(',').at(-1)?.trim() || null;
    // Only a well-formed address goes into the inet column; anything else is left out rather than failing the write.
    const valid = ip && (/^[0-9.]{7,15}$/.test(ip) || /^[0-9a-f:.]{2,45}$/i.test(ip)) ? ip : null;
    return { ip: valid, userAgent: h.get('user-agent')?.slice(0, 1000) ?? null };
  } catch {
    return { ip: null, userAgent: null }; // a job or a test: no request
  }
}

export async function recordAudit(entry: AuditEntryInput): Promise<void> {
  const origin = await requestOrigin();
  await asService((db) =>
    db.query(
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
    ),
  );
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
