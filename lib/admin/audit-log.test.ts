// The audit trail end to end against the real database: the action wrapper records refusals (a role
// without the permission, an id answered "not found") and logs every call's latency and status in
// api_usage_logs; the audit browser filters and pages what admins see, and only admins see it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { closePool, getPool } from '../db/pool.ts';
import { createTestUser } from '../../supabase/tests/create-test-user.ts';
import { authedActionFor } from '../actions/safe-action.ts';
import { PERMISSION_DENIED_MESSAGE } from '../auth/permissions.ts';
import type { CurrentUser } from '../auth/require-user.ts';
import { UserError } from '../errors/user-error.ts';
import { usageLog } from '../metrics/usage-log.ts';
import { recordAudit } from './audit-log.ts';
import { auditFilterSchema, browseAuditLog } from './audit-browser.ts';

async function asCurrentUser(role: 'admin' | 'researcher' | 'viewer', label: string): Promise<CurrentUser> {
  const user = await createTestUser({ role, label });
  return { id: user.id, email: user.email, displayName: label, role, claims: user.claims };
}

let admin: CurrentUser;
let viewer: CurrentUser;
let researcher: CurrentUser;
beforeAll(async () => {
  [admin, viewer, researcher] = await Promise.all([
    asCurrentUser('admin', 'audit-admin'),
    asCurrentUser('viewer', 'audit-viewer'),
    asCurrentUser('researcher', 'audit-researcher'),
  ]);
});
afterAll(async () => {
  await usageLog().flush();
  await closePool();
});

const auditRows = async (userId: string) =>
  (await getPool().query('select action, entity_type, entity_id, status, reason from public.user_audit_log where user_id = $1 order by id', [userId])).rows;
const usageRows = async (userId: string) => {
  await usageLog().flush();
  return (await getPool().query('select endpoint, method, status_code, error_message from public.api_usage_logs where user_id = $1 order by id', [userId]))
    .rows;
};

describe('audit of server actions', () => {
  const schema = z.object({ calculationId: z.string() });

  it('records a role that may not act, and logs the call as a 403', async () => {
    const ran: string[] = [];
    const action = authedActionFor(
      async () => viewer,
      { schema, permission: 'users.manage', name: 'test.manage' },
      async (input) => {
        ran.push(input.calculationId);
        return 1;
      },
    );
    expect(await action({ calculationId: 'x' })).toEqual({ ok: false, message: PERMISSION_DENIED_MESSAGE });
    expect(ran).toEqual([]);
    expect(await auditRows(viewer.id)).toEqual([
      { action: 'test.manage', entity_type: 'permission', entity_id: 'users.manage', status: 'denied', reason: 'role viewer may not' },
    ]);
    expect(await usageRows(viewer.id)).toEqual([
      { endpoint: 'action:test.manage', method: 'POST', status_code: 403, error_message: PERMISSION_DENIED_MESSAGE },
    ]);
  });

  it('records an id answered "not found", and logs successes with their status', async () => {
    const hidden = randomUUID();
    const action = authedActionFor(
      async () => researcher,
      { schema, permission: 'calculation.cancel' },
      async ({ calculationId }) => {
        if (calculationId === hidden) throw new UserError('NOT_FOUND', 'That calculation does not exist.');
        return calculationId;
      },
    );
    expect(await action({ calculationId: 'mine' })).toEqual({ ok: true, data: 'mine' });
    expect(await action({ calculationId: hidden })).toEqual({ ok: false, message: 'That calculation does not exist.' });
    expect(await auditRows(researcher.id)).toEqual([
      { action: 'calculation.cancel', entity_type: 'not_found', entity_id: hidden, status: 'denied', reason: 'That calculation does not exist.' },
    ]);
    expect((await usageRows(researcher.id)).map((r) => [r.endpoint, r.status_code])).toEqual([
      ['action:calculation.cancel', 200],
      ['action:calculation.cancel', 404],
    ]);
  });
});

describe('audit browser', () => {
  const prefix = `browse-${randomUUID().slice(0, 8)}.`;
  const t0 = new Date(Date.now() - 3600_000);

  beforeAll(async () => {
    // 60 of the admin's successes, 3 of the viewer's refusals, 1 error, spread over the last hour.
    for (let i = 0; i < 60; i++) await recordAudit({ userId: admin.id, action: `${prefix}role_change`, entityType: 'profile', entityId: `p${i}` });
    for (let i = 0; i < 3; i++) await recordAudit({ userId: viewer.id, action: `${prefix}delete`, entityType: 'user', entityId: 'target', status: 'denied' });
    await recordAudit({ userId: admin.id, action: `${prefix}create`, entityType: 'user', entityId: null, status: 'error', reason: 'auth down' });
    await getPool().query(`update public.user_audit_log set created_at = $2 where action = $1`, [`${prefix}create`, t0]);
  });

  const browse = (raw: Record<string, string>, user: CurrentUser = admin) => browseAuditLog(user.claims, auditFilterSchema.parse(raw));

  it('pages newest first with the total', async () => {
    const first = await browse({ action: prefix });
    expect(first).toMatchObject({ total: 64, page: 1, pages: 2 });
    expect(first.rows).toHaveLength(50);
    const second = await browse({ action: prefix, page: '2' });
    expect(second.rows).toHaveLength(14);
    expect(second.rows.at(-1)).toMatchObject({ action: `${prefix}create`, status: 'error', reason: 'auth down', actor: admin.email });
    const ids = [...first.rows, ...second.rows].map((r) => r.id);
    expect(new Set(ids).size).toBe(64);
    // Asking past the end shows the last page.
    expect((await browse({ action: prefix, page: '9' })).page).toBe(2);
  });

  it('filters by actor, outcome, entity and time', async () => {
    expect((await browse({ action: prefix, outcome: 'denied' })).rows.map((r) => [r.actor, r.action])).toEqual(
      Array.from({ length: 3 }, () => [viewer.email, `${prefix}delete`]),
    );
    expect((await browse({ action: prefix, actor: 'audit-viewer' })).total).toBe(3);
    expect((await browse({ action: prefix, actor: viewer.id })).total).toBe(3);
    expect((await browse({ action: prefix, entity: 'p7' })).rows.map((r) => r.entityId)).toEqual(['p7']);
    expect((await browse({ action: prefix, entity: 'user' })).total).toBe(4);
    const before = new Date(t0.getTime() + 60_000).toISOString();
    expect((await browse({ action: prefix, to: before })).rows.map((r) => r.action)).toEqual([`${prefix}create`]);
    expect((await browse({ action: prefix, from: before })).total).toBe(63);
  });

  it('refuses a range that ends before it starts, in words', () => {
    const parsed = auditFilterSchema.safeParse({ from: '2026-11-02T00:00', to: '2026-11-01T00:00' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('The start must be before the end.');
  });

  it('shows nothing to anyone but an admin (row-level security)', async () => {
    expect(await browse({ action: prefix }, researcher)).toMatchObject({ total: 0, rows: [] });
  });
});
