// The audit browser's query: user_audit_log filtered by actor, action, entity, outcome and time,
// newest first, one page at a time with the total (offset pagination: admins page through a
// filtered few hundred rows, and the filters narrow by indexed columns first). Read under the
// admin's RLS: the audit policy lets admins, and only them, read it.
import 'server-only';
import { z } from 'zod';
import { asUser, type JwtClaims } from '../db/as-user.ts';
import { NUL_CHARACTER_MESSAGE } from '../validation/nul-characters.ts';

export const AUDIT_OUTCOMES = { success: 'Allowed (success)', denied: 'Denied', error: 'Failed (error)' } as const;
export const AUDIT_PAGE_SIZE = 50;

const trimmed = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    // Compared with text columns, which cannot hold U+0000: the query would fail (the page showed its error).
    .refine((v) => !v.includes('\u0000'), NUL_CHARACTER_MESSAGE)
    .optional()
    .transform((v) => v || undefined);
const instant = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    // datetime-local inputs send "2026-11-29T14:05" (read as UTC, as the page says); ISO with a zone works too.
    const date = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(v) ? v : `${v}Z`);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'Enter a date and time.' });
      return z.NEVER;
    }
    return date;
  });

export const auditFilterSchema = z
  .object({
    /** E-mail or display name (part of it), or a user id. */
    actor: trimmed(200),
    /** The action, or its beginning (`user.` finds every user action). */
    action: trimmed(100),
    /** Entity type or id, exactly. */
    entity: trimmed(200),
    /** Whose data it was (e-mail or name, part of it, or a user id): an admin's action on someone else's, or a refused try at it. */
    owner: trimmed(200),
    outcome: z
      .enum(['success', 'denied', 'error'])
      .optional()
      .or(z.literal('').transform(() => undefined)),
    from: instant,
    to: instant,
    page: z.coerce.number().int().min(1).max(100_000).catch(1),
  })
  .refine((f) => !f.from || !f.to || f.from < f.to, { message: 'The start must be before the end.', path: ['to'] });

export type AuditFilter = z.infer<typeof auditFilterSchema>;

export interface AuditRow {
  id: number;
  createdAt: Date;
  actorId: string | null;
  /** E-mail or display name, null for a deleted account or a system job. */
  actor: string | null;
  /** Whose data the entry concerns, when it is someone else's (`changes.owner_id`): e-mail, name or id. */
  owner: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  status: 'success' | 'denied' | 'error';
  reason: string | null;
  changes: Record<string, unknown> | null;
  ipAddress: string | null;
}

export interface AuditPage {
  rows: AuditRow[];
  total: number;
  page: number;
  pages: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The WHERE clause and its parameters for a filter (parameters numbered from 1). */
function whereOf(filter: AuditFilter): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (value: unknown) => `$${params.push(value)}`;
  // A person by id, or by part of their e-mail or name; `column` holds user ids as uuid (the actor, indexed) or text (an owner in `changes`).
  const person = (column: string, type: 'uuid' | 'text', who: string) => {
    if (UUID.test(who)) return `${column} = ${add(who.toLowerCase())}::${type}`;
    const like = add(`%${who.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    return `${column} in (select id::${type} from public.profiles where email ilike ${like} or display_name ilike ${like})`;
  };
  if (filter.actor) clauses.push(person('a.user_id', 'uuid', filter.actor));
  if (filter.owner) clauses.push(person(`(a.changes->>'owner_id')`, 'text', filter.owner));
  if (filter.action) clauses.push(`starts_with(a.action, ${add(filter.action)})`);
  if (filter.entity) {
    const p = add(filter.entity);
    clauses.push(`(a.entity_type = ${p} or a.entity_id = ${p})`);
  }
  if (filter.outcome) clauses.push(`a.status = ${add(filter.outcome)}`);
  if (filter.from) clauses.push(`a.created_at >= ${add(filter.from)}`);
  if (filter.to) clauses.push(`a.created_at < ${add(filter.to)}`);
  return { sql: clauses.length ? `where ${clauses.join(' and ')}` : '', params };
}

export async function browseAuditLog(claims: JwtClaims, filter: AuditFilter, pageSize = AUDIT_PAGE_SIZE): Promise<AuditPage> {
  const where = whereOf(filter);
  return asUser(claims, async (db) => {
    const count = await db.query<{ n: number }>(`select count(*)::int as n from public.user_audit_log a ${where.sql}`, where.params);
    const total = count.rows[0]?.n ?? 0;
    const pages = Math.max(1, Math.ceil(total / pageSize));
    const page = Math.min(filter.page, pages);
    const n = where.params.length;
    const { rows } = await db.query<{
      id: string;
      created_at: Date;
      user_id: string | null;
      actor: string | null;
      owner: string | null;
      action: string;
      entity_type: string | null;
      entity_id: string | null;
      status: AuditRow['status'];
      reason: string | null;
      changes: Record<string, unknown> | null;
      ip_address: string | null;
    }>(
      `select a.id, a.created_at, a.user_id, coalesce(p.email, p.display_name) as actor,
              coalesce(o.email, o.display_name, a.changes->>'owner_id') as owner, a.action, a.entity_type, a.entity_id,
              a.status, a.reason, a.changes, host(a.ip_address) as ip_address
         from public.user_audit_log a left join public.profiles p on p.id = a.user_id
         left join public.profiles o on o.id::text = a.changes->>'owner_id'
         ${where.sql}
        order by a.created_at desc, a.id desc
        limit $${n + 1} offset $${n + 2}`,
      [...where.params, pageSize, (page - 1) * pageSize],
    );
    return {
      total,
      page,
      pages,
      rows: rows.map((r) => ({
        id: Number(r.id),
        createdAt: r.created_at,
        actorId: r.user_id,
        actor: r.actor,
        owner: r.owner,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        status: r.status,
        reason: r.reason,
        changes: r.changes,
        ipAddress: r.ip_address,
      })),
    };
  });
}

/** The filter as a query string (for the pager's links), without the page. */
export function auditFilterQuery(filter: AuditFilter): URLSearchParams {
  const q = new URLSearchParams();
  if (filter.actor) q.set('actor', filter.actor);
  if (filter.action) q.set('action', filter.action);
  if (filter.entity) q.set('entity', filter.entity);
  if (filter.owner) q.set('owner', filter.owner);
  if (filter.outcome) q.set('outcome', filter.outcome);
  if (filter.from) q.set('from', filter.from.toISOString().slice(0, 16));
  if (filter.to) q.set('to', filter.to.toISOString().slice(0, 16));
  return q;
}
