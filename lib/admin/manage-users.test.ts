// Admin user management against the real auth server and database: accounts created and deleted
// through the admin API (with everything the user owned), role changes, refusals, and the audit log.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { getPool, closePool } from '../db/pool.ts';
import { createTestUser } from '../../supabase/tests/create-test-user.ts';
import { submitCalculation } from '../jobs/submit-calculation.ts';
import { stopBoss } from '../jobs/queue.ts';
import { ownCalculationQueue } from '../jobs/test-queue.ts';
import { DEFAULT_CALCULATION_PARAMS } from '../calculations/parameters.ts';
import type { CurrentUser } from '../auth/require-user.ts';
import { createUserSchema } from '../validation/admin.ts';
import { createUser, deleteUser, setRole } from './manage-users.ts';

// The calculation of a user being deleted stays queued: no other file's worker runs it meanwhile.
ownCalculationQueue('manage-users');

const WATER = '3\nwater\nO 0 0 0.1173\nH 0 0.7572 -0.4692\nH 0 -0.7572 -0.4692\n';

async function asCurrentUser(role: 'admin' | 'researcher' | 'viewer'): Promise<CurrentUser> {
  const user = await createTestUser({ role, label: `admin-${role}` });
  return { id: user.id, email: user.email, displayName: role, role, claims: user.claims };
}

const count = async (sql: string, values: unknown[]) => (await getPool().query<{ n: number }>(sql, values)).rows[0]!.n;
const audit = async (adminId: string, action: string) =>
  (
    await getPool().query('select entity_id, changes, status, reason from public.user_audit_log where user_id = $1 and action = $2 order by id', [
      adminId,
      action,
    ])
  ).rows;

afterAll(async () => {
  await stopBoss();
  await closePool();
});

describe('admin user management', () => {
  it('creates an account with a role, changes the role, and logs both', async () => {
    const admin = await asCurrentUser('admin');
    const email = `created-${randomUUID()}@example.test`;
    const { id } = await createUser(admin, { email, displayName: 'New Viewer', password: 'a-good-long-password', role: 'viewer' });
    const profile = await getPool().query('select role, display_name, email from public.profiles where id = $1', [id]);
    expect(profile.rows[0]).toEqual({ role: 'viewer', display_name: 'New Viewer', email });

    await setRole(admin, id, 'researcher');
    expect((await getPool().query('select role from public.profiles where id = $1', [id])).rows[0].role).toBe('researcher');
    expect(await audit(admin.id, 'user.create')).toEqual([expect.objectContaining({ entity_id: id, status: 'success', changes: { email, role: 'viewer' } })]);
    expect(await audit(admin.id, 'user.role_change')).toEqual([
      expect.objectContaining({ entity_id: id, changes: { owner_id: id, from: 'viewer', to: 'researcher' } }),
    ]);
  });

  it('refuses a duplicate e-mail, a weak password and a bad address with clear messages', async () => {
    const admin = await asCurrentUser('admin');
    const email = `dup-${randomUUID()}@example.test`;
    await createUser(admin, { email, displayName: 'First', password: 'a-good-long-password', role: 'researcher' });
    // A UserError: the action layer shows its words next to the e-mail field.
    await expect(createUser(admin, { email, displayName: 'Second', password: 'a-good-long-password', role: 'researcher' })).rejects.toMatchObject({
      name: 'UserError',
      code: 'CONFLICT',
      message: 'An account with this e-mail already exists.',
      fieldErrors: { email: ['An account with this e-mail already exists.'] },
    });
    expect((await audit(admin.id, 'user.create')).map((r) => r.status)).toEqual(['success', 'error']);

    const weak = createUserSchema.safeParse({ email: 'a@example.test', displayName: 'Weak', password: 'short', role: 'researcher' });
    expect(weak.success || weak.error.issues[0]!.message).toBe('Use at least 8 characters.');
    const badEmail = createUserSchema.safeParse({ email: 'nope', displayName: 'X', password: 'a-good-long-password', role: 'researcher' });
    expect(badEmail.success || badEmail.error.issues[0]!.message).toBe('Enter a valid e-mail address.');
    const badRole = createUserSchema.safeParse({ email: 'a@example.test', displayName: 'X', password: 'a-good-long-password', role: 'owner' });
    expect(badRole.success).toBe(false);
  });

  it('an admin cannot demote or delete themselves; the refusal is logged', async () => {
    const admin = await asCurrentUser('admin');
    await expect(setRole(admin, admin.id, 'viewer')).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'You cannot remove your own admin role.' });
    await expect(deleteUser(admin, admin.id)).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'You cannot delete your own account here.' });
    await expect(setRole(admin, randomUUID(), 'viewer')).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'That user does not exist.' });
    expect((await audit(admin.id, 'user.role_change'))[0]).toMatchObject({ status: 'denied' });
    expect((await getPool().query('select role from public.profiles where id = $1', [admin.id])).rows[0].role).toBe('admin');
  });

  it('a researcher cannot change anyone’s role (row-level security and the role guard)', async () => {
    const researcher = await asCurrentUser('researcher');
    const other = await asCurrentUser('viewer');
    await expect(setRole(researcher, other.id, 'admin')).rejects.toThrow();
    await expect(setRole(researcher, researcher.id, 'admin')).rejects.toThrow();
    expect(
      (await getPool().query('select id, role from public.profiles where id = any($1) order by role', [[researcher.id, other.id]])).rows.map((r) => r.role),
    ).toEqual(['researcher', 'viewer']);
  });

  it('deleting a user removes the account and everything they owned', async () => {
    const admin = await asCurrentUser('admin');
    const researcher = await asCurrentUser('researcher');
    const { calculationId, moleculeId } = await submitCalculation(
      { id: researcher.id, role: 'researcher', claims: researcher.claims },
      { format: 'xyz', text: WATER, params: { ...DEFAULT_CALCULATION_PARAMS, task: 'sp' } },
    );
    await deleteUser(admin, researcher.id);
    expect(await count('select count(*)::int as n from auth.users where id = $1', [researcher.id])).toBe(0);
    expect(await count('select count(*)::int as n from public.profiles where id = $1', [researcher.id])).toBe(0);
    expect(await count('select count(*)::int as n from public.molecules where id = $1', [moleculeId])).toBe(0);
    expect(await count('select count(*)::int as n from public.calculations where id = $1', [calculationId])).toBe(0);
    await expect(deleteUser(admin, researcher.id)).rejects.toThrow('does not exist');
  });
});
