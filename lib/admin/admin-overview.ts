// What the admin pages show about accounts: one page of users, users per role and the recent audit
// log, read under the admin's RLS (the policies let admins read every profile and audit row).
import 'server-only';
import { asUser, type JwtClaims } from '../db/as-user.ts';

export interface UserListItem {
  id: string;
  displayName: string | null;
  email: string | null;
  role: string;
  createdAt: Date;
}

export interface AuditEntry {
  id: number;
  createdAt: Date;
  /** E-mail or display name of whoever acted. */
  actor: string | null;
  action: string;
  entityId: string | null;
  status: string;
  changes: Record<string, unknown> | null;
  reason: string | null;
}

export interface UserPage {
  users: UserListItem[];
  total: number;
  audit: AuditEntry[];
}

export async function getUserPage(claims: JwtClaims, page: number, pageSize: number, auditLimit = 25): Promise<UserPage> {
  return asUser(claims, async (db) => {
    const list = await db.query<{ id: string; display_name: string | null; email: string | null; role: string; created_at: Date }>(
      'select id, display_name, email, role, created_at from public.profiles order by created_at desc limit $1 offset $2',
      [pageSize, (page - 1) * pageSize],
    );
    const count = await db.query<{ n: number }>('select count(*)::int as n from public.profiles');
    const audit = await db.query<{
      id: number;
      created_at: Date;
      actor: string | null;
      action: string;
      entity_id: string | null;
      status: string;
      changes: Record<string, unknown> | null;
      reason: string | null;
    }>(
      `select a.id, a.created_at, coalesce(p.email, p.display_name) as actor, a.action, a.entity_id, a.status, a.changes, a.reason
         from public.user_audit_log a left join public.profiles p on p.id = a.user_id
        order by a.created_at desc, a.id desc limit $1`,
      [auditLimit],
    );
    return {
      users: list.rows.map((r) => ({ id: r.id, displayName: r.display_name, email: r.email, role: r.role, createdAt: r.created_at })),
      total: count.rows[0]?.n ?? 0,
      audit: audit.rows.map((r) => ({
        id: r.id,
        createdAt: r.created_at,
        actor: r.actor,
        action: r.action,
        entityId: r.entity_id,
        status: r.status,
        changes: r.changes,
        reason: r.reason,
      })),
    };
  });
}

export interface CountBy {
  label: string;
  count: number;
}

export async function countUsersByRole(claims: JwtClaims): Promise<CountBy[]> {
  return asUser(claims, async (db) => {
    const { rows } = await db.query<CountBy>('select role as label, count(*)::int as count from public.profiles group by role order by role');
    return rows;
  });
}
